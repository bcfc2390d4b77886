import { describe, expect, it } from 'vitest';
import { ArithmeticError, evaluateArithmetic } from './evaluate-arithmetic';

describe('evaluateArithmetic', () => {
  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['10 / 4', 2.5],
    ['10 % 4', 2],
    ['2 ^ 10', 1024],
    ['2 ** 3', 8],
    ['2 ^ 3 ^ 2', 512],
    ['-2 ^ 2', -4],
    ['2 ^ -1', 0.5],
    ['--3', 3],
    ['-(4 - 6)', 2],
    ['+5', 5],
    ['.5 + 1.25', 1.75],
    ['1e3 + 2E-1', 1000.2],
    ['1_000_000 / 1_000', 1000],
    ['0.1 + 0.2', 0.3],
    ['6 × 7 ÷ 2 − 1', 20],
    ['sqrt(16) + abs(-3)', 7],
    ['max(1, 5, 3) - min(4, 2)', 3],
    ['round(2.5) + floor(2.7) + ceil(2.1)', 8],
    ['ln(e) + log10(1000)', 4],
    ['2 * PI', 2 * Math.PI],
    ['cos(0) + sin(0) + tan(0) + exp(0)', 2],
  ])('%s = %d', (expression, expected) => {
    expect(evaluateArithmetic(expression)).toBeCloseTo(expected, 12);
  });

  it.each([
    ['', 'The expression is empty.'],
    ['   ', 'The expression is empty.'],
    ['1 +', 'Expected a number, "(" or a function but found the end at position 4.'],
    ['(1 + 2', 'Expected ")" but found the end at position 7.'],
    ['1 + 2)', 'Expected an operator but found ")" at position 6.'],
    ['2 3', 'Expected an operator but found "3" at position 3.'],
    ['1 / 0', 'Division by zero at position 3.'],
    ['5 % (2 - 2)', 'Division by zero at position 3.'],
    ['1 + $', 'Unexpected character "$" at position 5.'],
    ['sqrt 4', 'Expected "(" but found "4" at position 6.'],
    ['sqrt(1, 2)', 'sqrt() takes 1 argument, got 2.'],
    ['10 ^ 400', 'The result is not a finite number.'],
    ['sqrt(-1)', 'The result is not a finite number.'],
  ])('rejects %j: %s', (expression, message) => {
    expect(() => evaluateArithmetic(expression)).toThrow(new ArithmeticError(message));
  });

  it('never evaluates code', () => {
    expect(() => evaluateArithmetic('process.exit(1)')).toThrow(
      'Unexpected character "." at position 8.',
    );
    expect(() => evaluateArithmetic('process')).toThrow(/Unknown name "process"/);
    expect(() => evaluateArithmetic('constructor')).toThrow(/Unknown name "constructor"/);
    expect(() => evaluateArithmetic('toString(1)')).toThrow(/Unknown name "tostring"/);
    expect(() => evaluateArithmetic('"1" + 1')).toThrow(/Unexpected character """/);
  });

  it('refuses expressions too long or too deeply nested to be reasonable', () => {
    expect(() => evaluateArithmetic(`1${' + 1'.repeat(200)}`)).toThrow(/longer than 500/);
    expect(() => evaluateArithmetic(`${'('.repeat(100)}1${')'.repeat(100)}`)).toThrow(
      /nests deeper than 64/,
    );
    expect(() => evaluateArithmetic(`${'-'.repeat(100)}1`)).toThrow(/nests deeper than 64/);
  });
});
