/** An expression the calculator cannot evaluate; the message says where and why. */
export class ArithmeticError extends Error {
  override readonly name = 'ArithmeticError';
}

// Bounds keep a hostile or runaway expression from costing more than a moment.
const MAX_LENGTH = 500;
const MAX_DEPTH = 64;

type Token =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'name'; value: string; at: number }
  | { kind: 'op'; value: string; at: number }
  | { kind: 'end'; at: number };

const FUNCTIONS: Readonly<
  Record<string, { arity: [number, number]; fn: (...a: number[]) => number }>
> = {
  sqrt: { arity: [1, 1], fn: Math.sqrt },
  abs: { arity: [1, 1], fn: Math.abs },
  round: { arity: [1, 1], fn: Math.round },
  floor: { arity: [1, 1], fn: Math.floor },
  ceil: { arity: [1, 1], fn: Math.ceil },
  ln: { arity: [1, 1], fn: Math.log },
  log10: { arity: [1, 1], fn: Math.log10 },
  exp: { arity: [1, 1], fn: Math.exp },
  sin: { arity: [1, 1], fn: Math.sin },
  cos: { arity: [1, 1], fn: Math.cos },
  tan: { arity: [1, 1], fn: Math.tan },
  min: { arity: [1, 32], fn: Math.min },
  max: { arity: [1, 32], fn: Math.max },
};

const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

/** Names the calculator knows, for its tool description. */
export const ARITHMETIC_NAMES = [...Object.keys(FUNCTIONS), ...Object.keys(CONSTANTS)];

// Multiplication and division signs people paste from elsewhere.
const ALIASES: Readonly<Record<string, string>> = { '×': '*', '÷': '/', '−': '-', '**': '^' };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i] as string;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    const number = /^(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i));
    if (number) {
      const text = number[0].replaceAll('_', '');
      tokens.push({ kind: 'number', value: Number(text), at: i });
      i += number[0].length;
      continue;
    }
    const name = /^[a-zA-Z][a-zA-Z0-9]*/.exec(source.slice(i));
    if (name) {
      tokens.push({ kind: 'name', value: name[0].toLowerCase(), at: i });
      i += name[0].length;
      continue;
    }
    if (source.startsWith('**', i)) {
      tokens.push({ kind: 'op', value: '^', at: i });
      i += 2;
      continue;
    }
    const op = Object.hasOwn(ALIASES, char) ? (ALIASES[char] as string) : char;
    if ('+-*/%^(),'.includes(op)) {
      tokens.push({ kind: 'op', value: op, at: i });
      i++;
      continue;
    }
    throw new ArithmeticError(`Unexpected character "${char}" at position ${i + 1}.`);
  }
  tokens.push({ kind: 'end', at: source.length });
  return tokens;
}

/** Recursive descent over the usual precedence: unary minus binds looser than `^`, so -2^2 = -4. */
class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private isOp(value: string): boolean {
    const token = this.peek();
    return token.kind === 'op' && token.value === value;
  }

  private expectOp(value: string): void {
    if (!this.isOp(value)) throw this.unexpected(`"${value}"`);
    this.index++;
  }

  private unexpected(wanted: string): ArithmeticError {
    const token = this.peek();
    const found =
      token.kind === 'end' ? 'the end' : `"${token.kind === 'number' ? token.value : token.value}"`;
    return new ArithmeticError(
      `Expected ${wanted} but found ${found} at position ${token.at + 1}.`,
    );
  }

  parse(): number {
    const value = this.expression();
    if (this.peek().kind !== 'end') throw this.unexpected('an operator');
    return value;
  }

  private nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      throw new ArithmeticError(`The expression nests deeper than ${MAX_DEPTH} levels.`);
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private expression(): number {
    let value = this.term();
    while (this.isOp('+') || this.isOp('-')) {
      const op = (this.tokens[this.index++] as { value: string }).value;
      const right = this.term();
      value = op === '+' ? value + right : value - right;
    }
    return value;
  }

  private term(): number {
    let value = this.unary();
    while (this.isOp('*') || this.isOp('/') || this.isOp('%')) {
      const token = this.tokens[this.index++] as { value: string; at: number };
      const right = this.unary();
      if ((token.value === '/' || token.value === '%') && right === 0) {
        throw new ArithmeticError(`Division by zero at position ${token.at + 1}.`);
      }
      if (token.value === '*') value *= right;
      else if (token.value === '/') value /= right;
      else value %= right;
    }
    return value;
  }

  private unary(): number {
    if (this.isOp('-') || this.isOp('+')) {
      const negative = this.isOp('-');
      this.index++;
      const value = this.nested(() => this.unary());
      return negative ? -value : value;
    }
    return this.power();
  }

  private power(): number {
    const base = this.primary();
    if (!this.isOp('^')) return base;
    this.index++;
    // Right-associative: 2^3^2 = 2^9.
    return base ** this.nested(() => this.unary());
  }

  private primary(): number {
    const token = this.peek();
    if (token.kind === 'number') {
      this.index++;
      return token.value;
    }
    if (token.kind === 'op' && token.value === '(') {
      this.index++;
      const value = this.nested(() => this.expression());
      this.expectOp(')');
      return value;
    }
    if (token.kind === 'name') {
      this.index++;
      // Own keys only: `constructor` or `toString` must not reach Object.prototype.
      const constant = Object.hasOwn(CONSTANTS, token.value) ? CONSTANTS[token.value] : undefined;
      if (constant !== undefined) return constant;
      const fn = Object.hasOwn(FUNCTIONS, token.value) ? FUNCTIONS[token.value] : undefined;
      if (!fn) {
        throw new ArithmeticError(
          `Unknown name "${token.value}" at position ${token.at + 1}; known: ${ARITHMETIC_NAMES.join(', ')}.`,
        );
      }
      this.expectOp('(');
      const args = [this.nested(() => this.expression())];
      while (this.isOp(',')) {
        this.index++;
        args.push(this.nested(() => this.expression()));
      }
      this.expectOp(')');
      const [min, max] = fn.arity;
      if (args.length < min || args.length > max) {
        const wanted = min === max ? `${min}` : `${min} to ${max}`;
        throw new ArithmeticError(
          `${token.value}() takes ${wanted} argument${max === 1 ? '' : 's'}, got ${args.length}.`,
        );
      }
      return fn.fn(...args);
    }
    throw this.unexpected('a number, "(" or a function');
  }
}

/**
 * Evaluates arithmetic: numbers, + - * / % ^ (or **), parentheses, `pi`, `e` and a few
 * functions (sqrt, abs, round, floor, ceil, ln, log10, exp, sin, cos, tan, min, max). No
 * `eval`: text that is not arithmetic is an ArithmeticError saying where it went wrong.
 */
export function evaluateArithmetic(expression: string): number {
  if (typeof expression !== 'string' || expression.trim() === '') {
    throw new ArithmeticError('The expression is empty.');
  }
  if (expression.length > MAX_LENGTH) {
    throw new ArithmeticError(`The expression is longer than ${MAX_LENGTH} characters.`);
  }
  const value = new Parser(tokenize(expression)).parse();
  if (!Number.isFinite(value)) {
    throw new ArithmeticError('The result is not a finite number.');
  }
  // Hide binary floating-point noise (0.1 + 0.2) without hiding real precision.
  return Number.parseFloat(value.toPrecision(15));
}
