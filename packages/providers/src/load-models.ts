import { type AsyncModels, ConfigurationError, type Models } from '@colloquy/chat-core';
import { KNOWN_PROVIDER_NAMES, KNOWN_PROVIDERS } from './known-providers';
import type { AdapterModule, ProviderConfig } from './provider-config';

const KNOWN_LIST = `${KNOWN_PROVIDER_NAMES.join(', ')}, or the package name of a third-party adapter`;

/** A package name, or an absolute path / file URL to a local adapter module. */
function isModuleSpecifier(name: string): boolean {
  return (
    /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w./-]+)?$/i.test(name) || /^(file:|\/)/.test(name)
  );
}

function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    (error instanceof Error && /Cannot find (module|package)/.test(error.message))
  );
}

function checkConfig(config: ProviderConfig): void {
  if (config === null || typeof config !== 'object') {
    throw new ConfigurationError({
      message: 'Provider config must be an object like {"provider": "mock"}.',
    });
  }
  if (typeof config.provider !== 'string' || config.provider === '') {
    throw new ConfigurationError({
      message: `Provider config needs a "provider": one of ${KNOWN_LIST}.`,
    });
  }
  if (config.model !== undefined && typeof config.model !== 'string') {
    throw new ConfigurationError({
      message: `"model" must be a string, got ${typeof config.model}.`,
      provider: config.provider,
    });
  }
  if (
    config.options !== undefined &&
    (config.options === null || typeof config.options !== 'object' || Array.isArray(config.options))
  ) {
    throw new ConfigurationError({
      message: '"options" must be an object.',
      provider: config.provider,
    });
  }
}

/** Loads the adapter module a config names, with a clear error when it can't. */
export async function loadAdapter(config: ProviderConfig): Promise<AdapterModule> {
  checkConfig(config);
  const { provider } = config;
  const known = KNOWN_PROVIDERS[provider];
  try {
    if (known) return await known.load();
    if (!isModuleSpecifier(provider)) throw new Error('not a module specifier');
    const module = (await import(/* @vite-ignore */ provider)) as Partial<AdapterModule> & {
      default?: Partial<AdapterModule>;
    };
    const adapter = typeof module.createAsyncModels === 'function' ? module : module.default;
    if (typeof adapter?.createAsyncModels !== 'function') {
      throw new ConfigurationError({
        provider,
        message: `The package "${provider}" is not a Colloquy adapter: it must export createAsyncModels(options) (and createModels(options) for blocking chats).`,
      });
    }
    return adapter as AdapterModule;
  } catch (error) {
    if (ConfigurationError.isInstance(error)) throw error;
    if (known && isModuleNotFound(error)) {
      throw new ConfigurationError({
        provider,
        message: `The ${provider} provider needs the package ${known.packageName}. Install it (npm install ${known.packageName}).`,
        cause: error,
      });
    }
    throw new ConfigurationError({
      provider,
      message: `Unknown provider "${provider}". Use ${KNOWN_LIST} (installed, exporting createAsyncModels).`,
      cause: error,
    });
  }
}

/** The model a config names, or a known provider's default (`'default'` for third-party ones). */
export function modelOf(config: ProviderConfig): string {
  return config.model ?? KNOWN_PROVIDERS[config.provider]?.defaultModel ?? 'default';
}

/** Resolves `{provider, model, options}` to an `AsyncModels`, for `AsyncChats`. */
export async function loadAsyncModels(config: ProviderConfig): Promise<AsyncModels> {
  const adapter = await loadAdapter(config);
  return adapter.createAsyncModels(config.options ?? {});
}

/** Resolves `{provider, model, options}` to a blocking `Models`, for `Chats`. */
export async function loadModels(config: ProviderConfig): Promise<Models> {
  const adapter = await loadAdapter(config);
  if (!adapter.createModels) {
    throw new ConfigurationError({
      provider: config.provider,
      message: `The provider "${config.provider}" offers no blocking Models; use loadAsyncModels and AsyncChats.`,
    });
  }
  return adapter.createModels(config.options ?? {});
}
