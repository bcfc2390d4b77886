import type { UnsupportedSettings } from '@colloquy/provider-kit';

const VERTEX_ONLY =
  'not sent: Vertex AI only; the Gemini API (generativelanguage.googleapis.com) refuses it.';

/**
 * The settings the Gemini API ignores or approximates (docs/provider-settings.md):
 * `GenerateContentConfig` is Gemini's own shape, so only the Vertex AI-only fields, which the
 * Gemini API refuses, are left out. Checked on every call like the other adapters' tables.
 */
export const GEMINI_UNSUPPORTED_SETTINGS: UnsupportedSettings = {
  routingConfig: VERTEX_ONLY,
  modelSelectionConfig: VERTEX_ONLY,
  audioTimestamp: VERTEX_ONLY,
  modelArmorConfig: VERTEX_ONLY,
  generationOutputConfig: VERTEX_ONLY,
  automaticContinuation: (config) =>
    config.automaticContinuation === false
      ? undefined
      : 'not honoured: the chat does not resend a reply that finished with CONTINUATION; send again with its continuationToken.',
};
