import { JsonEventShape, type StringAt } from './json-event-shape';
import { parseJsonEvent } from './parse-json-event';

// Each refuted shape cost a parse; a stream that keeps refuting them stops learning.
const MAX_REFUTED = 4;

/**
 * `parseJsonEvent` for the events of one stream, faster when they repeat one shape. It keeps
 * the shape of a recent event (`JsonEventShape`, cut at the strings `holes` read) and reads
 * events that match it without `JSON.parse`; any other event is parsed, and may become the
 * new shape. The value is the same either way, and so are the errors: an event the shape
 * does not vouch for is parsed, with the usual checks.
 *
 * Learning costs about two parses, so it is paced. A reply changes shape a few times (a role
 * event, text, the finish): a shape that served is replaced at its first miss. One that
 * never served is dropped, and the next is learned after twice as many events as the last
 * wait, so a stream whose every event differs (a counter in each, say) learns only log2(n)
 * times and tries no shape in between.
 *
 * Use one reader per stream: its shape belongs to that reply.
 */
export class JsonEventReader {
  readonly #provider: string;
  readonly #holes: readonly StringAt[];
  readonly #secrets: string[] | undefined;
  #shape: JsonEventShape | undefined;
  #served = false;
  /** Events to parse before learning again, and the wait after the next unserved shape. */
  #wait = 0;
  #patience = 1;
  #refuted = 0;

  constructor(provider: string, holes: readonly StringAt[], secrets?: string[]) {
    this.#provider = provider;
    this.#holes = holes;
    this.#secrets = secrets;
  }

  /** The event's value, as `parseJsonEvent` gives it (and throws). */
  read(data: string): unknown {
    const shape = this.#shape;
    if (shape !== undefined) {
      const value = shape.read(data);
      if (value !== undefined) {
        this.#served = true;
        return value;
      }
      this.#shape = undefined;
      if (this.#served) {
        this.#patience = 1;
      } else {
        this.#wait = this.#patience;
        this.#patience *= 2;
      }
    }
    const value = parseJsonEvent(data, this.#provider, this.#secrets);
    if (this.#wait > 0) this.#wait--;
    else if (this.#refuted < MAX_REFUTED) this.#learn(data, value);
    return value;
  }

  #learn(data: string, value: unknown): void {
    const learned = JsonEventShape.learn(data, value, this.#holes);
    if (learned === 'refuted') this.#refuted++;
    else if (learned !== undefined) {
      this.#shape = learned;
      this.#served = false;
    }
  }
}
