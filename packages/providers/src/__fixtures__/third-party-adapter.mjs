// A minimal third-party adapter, loaded by path in the loader's tests.
export function createAsyncModels(options) {
  return {
    specificationVersion: 'v1',
    async generateContent({ contents }) {
      const last = contents[contents.length - 1];
      return {
        candidates: [
          {
            content: { role: 'model', parts: [{ text: `${options.prefix}${last.parts[0].text}` }] },
            finishReason: 'STOP',
          },
        ],
      };
    },
    async generateContentStream() {
      throw new Error('not used');
    },
  };
}
