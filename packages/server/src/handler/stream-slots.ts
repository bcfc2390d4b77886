import { TooManyStreamsError } from '../errors/request-errors';

/** Counts each owner's open streams on this instance, to cap them. */
export function createStreamSlots(maxPerOwner: number) {
  const open = new Map<string, number>();
  return {
    /** Takes a slot, or throws `TooManyStreamsError`; the returned function frees it (once). */
    take(ownerId: string): () => void {
      const count = open.get(ownerId) ?? 0;
      if (count >= maxPerOwner) throw new TooManyStreamsError(maxPerOwner);
      open.set(ownerId, count + 1);
      let freed = false;
      return () => {
        if (freed) return;
        freed = true;
        const left = (open.get(ownerId) ?? 1) - 1;
        if (left > 0) open.set(ownerId, left);
        else open.delete(ownerId);
      };
    },
  };
}

export type StreamSlots = ReturnType<typeof createStreamSlots>;
