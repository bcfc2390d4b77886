// A test adapter whose worker-side activity a test can watch from the main thread: it counts
// into a SharedArrayBuffer passed in its options (shared, not copied, across threads).
export const PROBE = { calls: 0, chunks: 1, aborted: 2, closed: 3 };

const response = (text) => ({ candidates: [{ content: { role: 'model', parts: [{ text }] } }] });

export function createProbeAsyncModels({
  buffer,
  chunks = 1000,
  chunkDelayMs = 5,
  stallAfter = Number.POSITIVE_INFINITY,
  hang = false,
}) {
  const probe = new Int32Array(buffer);
  const bump = (index) => {
    Atomics.add(probe, index, 1);
    Atomics.notify(probe, index);
  };
  const watch = (signal) =>
    signal?.addEventListener('abort', () => bump(PROBE.aborted), { once: true });

  return {
    specificationVersion: 'v1',

    async generateContent({ config }) {
      bump(PROBE.calls);
      watch(config?.abortSignal);
      if (hang) {
        await new Promise((_, reject) => {
          config?.abortSignal?.addEventListener('abort', () => reject(new Error('aborted')));
        });
      }
      return response('ok');
    },

    async generateContentStream({ config }) {
      bump(PROBE.calls);
      const signal = config?.abortSignal;
      watch(signal);
      return (async function* () {
        try {
          for (let i = 0; i < chunks; i++) {
            const delay = i >= stallAfter ? 600_000 : chunkDelayMs;
            await new Promise((resolve) => setTimeout(resolve, delay));
            if (signal?.aborted) return;
            bump(PROBE.chunks);
            yield response(`c${i} `);
          }
        } finally {
          bump(PROBE.closed);
        }
      })();
    },
  };
}

export const notAFunction = 42;

// Models from an adapter built against another chat-core (`version` undefined: one from
// before the seam was versioned). The bridge must refuse them.
export function createOtherVersionAsyncModels({ version }) {
  return {
    specificationVersion: version,
    async generateContent() {
      throw new Error('never called');
    },
    async generateContentStream() {
      throw new Error('never called');
    },
  };
}
