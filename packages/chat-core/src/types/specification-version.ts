/**
 * The version of the `Models` / `AsyncModels` seam. Every models object carries it as
 * `specificationVersion`; a chat refuses one that speaks another version, so an adapter and
 * a chat-core that no longer agree fail at setup with a clear error instead of misbehaving.
 * It changes only when the seam changes incompatibly.
 */
export const SPECIFICATION_VERSION = 'v1' as const;

/** The seam version this chat-core speaks. */
export type SpecificationVersion = typeof SPECIFICATION_VERSION;
