/**
 * Paths of objects in `value` whose prototype is not `Object.prototype`, `Array.prototype` or
 * null: a JSON `"__proto__"` key that reached an assignment (`obj[key] = v`, Object.assign)
 * swaps the prototype of the object it lands in, even when the global one stays clean.
 */
export function swappedPrototypes(value: unknown, path = '$', seen = new Set<unknown>()): string[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  const found: string[] = [];
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) found.push(path);
  } else if (proto !== Object.prototype && proto !== null && !isClassInstance(proto)) {
    found.push(path);
  }
  for (const [key, child] of Object.entries(value)) {
    found.push(...swappedPrototypes(child, `${path}.${key}`, seen));
  }
  return found;
}

/** Instances of real classes (GenerateContentResponse...) are expected to have their own prototype. */
function isClassInstance(proto: object): boolean {
  const ctor = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
  return typeof ctor === 'function' && ctor.prototype === proto && ctor !== Object;
}

/** Whether anything reached Object.prototype. */
export function globalPollution(): string[] {
  const probe: Record<string, unknown> = {};
  const found = ['polluted', 'injected', 'isAdmin'].filter((name) => probe[name] !== undefined);
  if (
    Object.getOwnPropertyNames(Object.prototype).some((n) => ['polluted', 'injected'].includes(n))
  ) {
    found.push('Object.prototype own property');
  }
  return found;
}

/**
 * `value` as JSON without its own `__proto__` and `constructor` entries, also inside strings
 * that hold JSON (OpenAI tool-call arguments, Anthropic tool results). A hostile document's
 * own keys are data and may travel on as data; what must never appear is their payload
 * anywhere else, which is what an inherited (swapped-in) field would look like.
 */
export function jsonOutsideProtoKeys(value: unknown): string {
  const clean = (text: string): unknown =>
    JSON.parse(text, (key, item) => {
      if (key === '__proto__' || key === 'constructor') return undefined;
      if (typeof item === 'string' && /^\s*[[{]/.test(item)) {
        try {
          return clean(item);
        } catch {
          return item;
        }
      }
      return item;
    });
  return JSON.stringify(clean(JSON.stringify(value) ?? 'null'));
}
