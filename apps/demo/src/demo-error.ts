/**
 * A mistake the person running the demo can fix (a bad flag, config file or session file).
 * Its message is shown as is, so it says what is wrong and what to do.
 */
export class DemoError extends Error {
  override readonly name = 'DemoError';
}
