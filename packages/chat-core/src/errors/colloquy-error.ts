const BASE_MARKER = 'colloquy.error';

function hasMarker(value: unknown, marker: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<symbol, unknown>)[Symbol.for(marker)] === true
  );
}

export interface ColloquyErrorOptions {
  message: string;
  cause?: unknown;
}

/**
 * The base of every error Colloquy throws. Catch this to catch them all, whatever the
 * provider. Use `XError.isInstance(e)` rather than `instanceof`: it works across duplicate
 * copies of the package (two versions in one `node_modules`, a worker thread, a bundle).
 */
export class ColloquyError extends Error {
  /** Identifies the class across package copies; each subclass sets its own. */
  static readonly marker: string = BASE_MARKER;

  constructor({ message, cause }: ColloquyErrorOptions) {
    super(message, cause === undefined ? undefined : { cause });
    // From the marker, not the constructor name, which minifiers rename.
    const marker = (new.target as unknown as { marker: string }).marker;
    this.name = marker === BASE_MARKER ? 'ColloquyError' : marker.slice(BASE_MARKER.length + 1);
    // Mark the instance with every class in its chain, so isInstance works on any ancestor.
    // Symbol-keyed and non-enumerable: invisible to JSON.stringify and util.inspect.
    for (
      let ctor: unknown = new.target;
      typeof ctor === 'function' && ctor !== Error;
      ctor = Object.getPrototypeOf(ctor)
    ) {
      if (Object.hasOwn(ctor, 'marker')) {
        const marker = (ctor as unknown as { marker: string }).marker;
        Object.defineProperty(this, Symbol.for(marker), { value: true, enumerable: false });
      }
    }
  }

  /** True when `error` is an instance of this class (or a subclass), from any package copy. */
  static isInstance<T extends ColloquyError>(
    this: { marker: string; prototype: T },
    error: unknown,
  ): error is T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass isInstance was called on.
    return hasMarker(error, this.marker);
  }

  /** Plain data for logs and for crossing worker threads. Never holds secrets. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'cause' && value !== undefined) out[key] = value;
    }
    return out;
  }
}
