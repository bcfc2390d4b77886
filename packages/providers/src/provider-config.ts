/**
 * Which provider to talk to, as it appears in config files: `{"provider": "openai",
 * "model": "gpt-4o-mini", "options": {"baseUrl": "http://localhost:11434/v1"}}`.
 */
export interface ProviderConfig {
  /** `gemini`, `openai`, `anthropic`, `mock`, or the package name of a third-party adapter. */
  provider: string;
  /** Model name; `modelOf` falls back to a known provider's default model. */
  model?: string;
  /** Adapter options (`apiKey`, `baseUrl`, `headers`, `maxRetries`, `timeout`, `idleTimeout`, ...). */
  options?: Record<string, unknown>;
}

/**
 * What an adapter module offers the loader. Third-party adapters export these names
 * (`createAsyncModels`, optionally `createModels`) from their package root.
 */
export interface AdapterModule {
  createAsyncModels(options: Record<string, unknown>): import('@colloquy/chat-core').AsyncModels;
  createModels?(options: Record<string, unknown>): import('@colloquy/chat-core').Models;
}

/** A key of a provider config that nothing reads (a typo, or a setting of another adapter). */
export interface ConfigWarning {
  /** Where it is: `temprature`, `options.maxRetry`. */
  key: string;
  message: string;
}

/** Options of `loadAsyncModels` and `loadModels`. */
export interface LoadModelsOptions {
  /**
   * Called once for each unknown key of the config (`configWarnings`) before the adapter is
   * made. Without it they are not reported: pass `(w) => console.warn(w.message)` for that.
   */
  onWarning?: (warning: ConfigWarning) => void;
}
