import { ConfigurationError } from '@colloquy/chat-core';

// Gemini Files API URIs (…/v1beta/files/abc) answer only requests that carry the uploader's
// Gemini key; other providers' servers get a 403 they report as a vague fetch failure.
const FILES_API = /^https:\/\/generativelanguage\.googleapis\.com\/[^/]+\/files\//i;

/**
 * Refuses, before anything is sent, a `fileData` URI that only Gemini can read: a `gs://`
 * object or a Gemini Files API file. `where` names the part (`content 2 part 0`).
 */
export function refuseGoogleOnlyFileUri(fileUri: string, provider: string, where: string): void {
  const kind = /^gs:\/\//i.test(fileUri)
    ? 'a Cloud Storage (gs://) object'
    : FILES_API.test(fileUri)
      ? 'a Gemini Files API file'
      : undefined;
  if (kind === undefined) return;
  throw new ConfigurationError({
    provider,
    message: `${where} refers to ${kind}, which only Gemini can read; ${provider} cannot fetch it. Send the bytes as inlineData, or upload the file where ${provider} can fetch it and pass that URL.`,
  });
}
