export { abortableSleep } from './abortable-sleep';
export { attachWarnings } from './attach-warnings';
export { builtInToolsOf } from './built-in-tools';
export { errorFromResponse } from './error-from-response';
export { excerptOf, htmlExcerptOf } from './excerpt';
export { foreignThoughtWarnings } from './foreign-thought-warnings';
export { functionResponseJson } from './function-response-json';
export { refuseGoogleOnlyFileUri } from './google-only-file-uri';
export type { HttpRequest, RetryClock } from './http-request';
export { isRecord } from './is-record';
export { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';
export {
  type EventMapper,
  type MapEventStreamOptions,
  mapEventStream,
} from './map-event-stream';
export { parseJsonEvent } from './parse-json-event';
export { PendingCalls } from './pending-calls';
export {
  type EventStreamOptions,
  postEventStream,
  type SseEvent,
  type SseStream,
} from './post-event-stream';
export { type JsonResponse, postJson } from './post-json';
export { providerOptionsOf } from './provider-options-of';
export { DEFAULT_SETTINGS, type ProviderSettings } from './provider-settings';
export { REQUEST_ID_HEADERS, requestIdOf } from './request-id';
export { resolveApiKey } from './resolve-api-key';
export { allowsStrictJsonSchema, responseJsonSchemaOf } from './response-json-schema';
export { retryAfterMsOf } from './retry-after';
export { backoffMs, isRetryableStatus } from './retry-policy';
export { containsSecret, scrubSecrets, urlCarriesSecret } from './scrub-secrets';
export { settingWarnings, type UnsupportedSettings } from './setting-warnings';
export { synthesizeCallId } from './synthesize-call-id';
export { systemInstructionParts, systemInstructionTexts } from './system-instruction';
export { declarationParameters, toJsonSchema } from './to-json-schema';
export { validateResponse } from './validate-response';
