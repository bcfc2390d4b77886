import type { UnsupportedSettings } from '@colloquy/provider-kit';

/**
 * The settings the Gemini API ignores or approximates (docs/provider-settings.md): none, as
 * `GenerateContentConfig` is Gemini's own shape. Kept, and checked on every call like the
 * other adapters' tables, so that an entry added here warns (or fails with `config.strict`).
 */
export const GEMINI_UNSUPPORTED_SETTINGS: UnsupportedSettings = {};
