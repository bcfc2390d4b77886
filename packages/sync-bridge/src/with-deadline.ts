/** What `withDeadline` settles with: the value, or a note that time ran out first. */
export type DeadlineOutcome<T> = { timedOut: false; value: T } | { timedOut: true };

/**
 * Waits for `promise` until `deadline` (a `Date.now()` timestamp). A rejection passes
 * through; after a timeout the promise's later rejection is swallowed, since nobody awaits it.
 */
export function withDeadline<T>(
  promise: Promise<T>,
  deadline: number,
): Promise<DeadlineOutcome<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => {
        promise.catch(() => {});
        resolve({ timedOut: true });
      },
      Math.max(0, deadline - Date.now()),
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve({ timedOut: false, value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
