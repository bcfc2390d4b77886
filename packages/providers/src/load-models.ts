import { type AsyncModels, ConfigurationError, type Models } from '@colloquy/chat-core';
import { KNOWN_PROVIDER_NAMES, KNOWN_PROVIDERS } from './known-providers';
import type {
  AdapterModule,
  ConfigWarning,
  LoadModelsOptions,
  ProviderConfig,
} from './provider-config';

const CONFIG_KEYS = ['provider', 'model', 'options'];

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

/**
 * The keys of a config that nothing reads, each named: at the top level anything but
 * `provider`, `model` and `options`; in `options`, for a built-in provider, any key its
 * adapter does not take. A third-party adapter's options are its own to check.
 */
export function configWarnings(config: ProviderConfig): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  if (config === null || typeof config !== 'object') return warnings;
  for (const key of Object.keys(config)) {
    if (!CONFIG_KEYS.includes(key)) {
      warnings.push({
        key,
        message: `The provider config has an unknown key "${key}", which was ignored; the keys are ${CONFIG_KEYS.join(', ')}.`,
      });
    }
  }
  const known = KNOWN_PROVIDERS[config.provider];
  if (known && config.options !== null && typeof config.options === 'object') {
    for (const key of Object.keys(config.options)) {
      if (!known.optionKeys.includes(key)) {
        warnings.push({
          key: `options.${key}`,
          message: `The ${config.provider} options have an unknown key "${key}", which was ignored; the keys are ${known.optionKeys.join(', ')}.`,
        });
      }
    }
  }
  return warnings;
}

function report(config: ProviderConfig, options: LoadModelsOptions | undefined): void {
  if (!options?.onWarning) return;
  for (const warning of configWarnings(config)) options.onWarning(warning);
}

/** Resolves `{provider, model, options}` to an `AsyncModels`, for `AsyncChats`. */
export async function loadAsyncModels(
  config: ProviderConfig,
  options?: LoadModelsOptions,
): Promise<AsyncModels> {
  const adapter = await loadAdapter(config);
  report(config, options);
  return adapter.createAsyncModels(config.options ?? {});
}

/** Resolves `{provider, model, options}` to a blocking `Models`, for `Chats`. */
export async function loadModels(
  config: ProviderConfig,
  options?: LoadModelsOptions,
): Promise<Models> {
  const adapter = await loadAdapter(config);
  report(config, options);
  if (!adapter.createModels) {
    throw new ConfigurationError({
      provider: config.provider,
      message: `The provider "${config.provider}" offers no blocking Models; use loadAsyncModels and AsyncChats.`,
    });
  }
  return adapter.createModels(config.options ?? {});
}
