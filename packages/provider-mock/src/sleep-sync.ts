let cell: Int32Array | null | undefined;

/**
 * Blocks the thread for `ms` without async: Atomics.wait on a cell nobody notifies. Where
 * blocking is forbidden (a browser main thread) or SharedArrayBuffer is missing (a page
 * without cross-origin isolation), it returns at once: delays are a test nicety there.
 */
export function sleepSync(ms: number): void {
  if (ms <= 0) return;
  if (cell === undefined) {
    cell =
      typeof SharedArrayBuffer === 'function' ? new Int32Array(new SharedArrayBuffer(4)) : null;
  }
  if (cell === null) return;
  try {
    Atomics.wait(cell, 0, 0, ms);
  } catch {
    cell = null;
  }
}
