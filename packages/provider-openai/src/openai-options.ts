import { ConfigurationError } from '@colloquy/chat-core';
import { type ProviderSettings, resolveApiKey } from '@colloquy/provider-kit';

/** The provider name used in errors and as the `config.providerOptions` key. */
export const OPENAI_PROVIDER = 'openai';

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
/** Where the key for OpenAI itself is looked for when `apiKey` is not given. */
export const OPENAI_API_KEY_ENV_VARS: readonly string[] = Object.freeze(['OPENAI_API_KEY']);
/** Where the key for Azure OpenAI is looked for when `apiKey` is not given. */
export const OPENAI_AZURE_API_KEY_ENV_VARS: readonly string[] = Object.freeze([
  'AZURE_OPENAI_API_KEY',
]);

/** Azure OpenAI settings. Their presence switches the adapter to Azure's auth and URL rules. */
export interface OpenAIAzureOptions {
  /**
   * Sent as the `?api-version=` query (not a secret), e.g. `'2024-10-21'`. Required by the
   * deployment URLs (`.../openai/deployments/<name>`); leave it out for Azure's `/openai/v1`
   * URLs, which take none.
   */
  apiVersion?: string;
}

/** Options of `createOpenAIAsyncModels` and `createOpenAIModels` (times in ms). */
export interface OpenAIProviderOptions extends ProviderSettings {
  /**
   * The API key, sent as `Authorization: Bearer <key>` (Azure: the `api-key` header). For
   * OpenAI itself it falls back to `OPENAI_API_KEY`, for Azure to `AZURE_OPENAI_API_KEY`.
   * Other servers get only a key given here: Ollama and other local servers need none.
   */
  apiKey?: string;
  /**
   * Default `https://api.openai.com/v1`. Any OpenAI-compatible server, e.g.
   * `http://localhost:11434/v1` (Ollama). With `azure`: the deployment URL,
   * `https://<resource>.openai.azure.com/openai/deployments/<deployment>`.
   */
  baseUrl?: string;
  /** Talk to Azure OpenAI: `api-key` header and the `api-version` query. */
  azure?: OpenAIAzureOptions;
}

/**
 * Per-call settings read from `config.providerOptions.openai`. These two are consumed by the
 * adapter; every other key is merged into the request body as is (e.g. `reasoning_effort`,
 * `user`, `parallel_tool_calls`, `store`, `metadata`).
 */
export interface OpenAICallOptions {
  /** Role of the system-instruction message: `'system'` (default) or `'developer'`. */
  systemRole?: 'system' | 'developer';
  /** Send `max_tokens` instead of `max_completion_tokens`, for older compatible servers. */
  useMaxTokens?: boolean;
  [key: string]: unknown;
}

/** Where and how requests go, decided once when the models are created. */
export interface ResolvedOpenAIOptions {
  /** The key found, if any: local servers need none. */
  apiKey: string | undefined;
  url: string;
  /** The auth header, when there is a key. */
  headers: Record<string, string>;
  /** Scrubbed from anything that reaches an error. */
  secrets: string[];
}

function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError({
      provider: OPENAI_PROVIDER,
      message: `baseUrl ${JSON.stringify(baseUrl)} is not a valid URL; expected e.g. "http://localhost:11434/v1".`,
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError({
      provider: OPENAI_PROVIDER,
      message: `baseUrl must be an http(s) URL, got ${JSON.stringify(url.protocol)}.`,
    });
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in a URL end up in logs and error messages; the key belongs in apiKey.
    throw new ConfigurationError({
      provider: OPENAI_PROVIDER,
      message: 'baseUrl must not contain credentials; pass the key as apiKey.',
    });
  }
  return url;
}

function optionalKey(apiKey: string | undefined): string | undefined {
  return typeof apiKey === 'string' && apiKey.trim() !== '' ? apiKey.trim() : undefined;
}

/**
 * Resolves URL and auth. A key is required (option, then environment) for OpenAI itself
 * (`api.openai.com`, the default) and for Azure. Any other server gets the `apiKey` option
 * only, or no auth header at all: `OPENAI_API_KEY` is never sent to a host other than
 * OpenAI's, and no placeholder key is ever sent.
 */
export function resolveOpenAIOptions(options: OpenAIProviderOptions): ResolvedOpenAIOptions {
  const url = parseBaseUrl(options.baseUrl ?? OPENAI_DEFAULT_BASE_URL);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/chat/completions`;

  if (options.azure !== undefined) {
    if (options.baseUrl === undefined) {
      throw new ConfigurationError({
        provider: OPENAI_PROVIDER,
        message:
          'Azure OpenAI needs baseUrl: "https://<resource>.openai.azure.com/openai/deployments/<deployment>".',
      });
    }
    const { apiVersion } = options.azure;
    if (apiVersion !== undefined) {
      if (typeof apiVersion !== 'string' || apiVersion.trim() === '') {
        throw new ConfigurationError({
          provider: OPENAI_PROVIDER,
          message: `azure.apiVersion must be a version string such as "2024-10-21", got ${JSON.stringify(apiVersion)}.`,
        });
      }
      url.searchParams.set('api-version', apiVersion.trim());
    }
    const key = resolveApiKey({
      provider: OPENAI_PROVIDER,
      apiKey: options.apiKey,
      envVars: [...OPENAI_AZURE_API_KEY_ENV_VARS],
    });
    return { apiKey: key, url: url.href, headers: { 'api-key': key }, secrets: [key] };
  }

  const key =
    url.hostname === 'api.openai.com'
      ? resolveApiKey({
          provider: OPENAI_PROVIDER,
          apiKey: options.apiKey,
          envVars: [...OPENAI_API_KEY_ENV_VARS],
        })
      : optionalKey(options.apiKey);
  if (key === undefined) return { apiKey: undefined, url: url.href, headers: {}, secrets: [] };
  return {
    apiKey: key,
    url: url.href,
    headers: { authorization: `Bearer ${key}` },
    secrets: [key],
  };
}

/** How closely OpenAI looks at an image: `part.providerOptions.openai.imageDetail`. */
export type OpenAIImageDetail = 'auto' | 'low' | 'high';
