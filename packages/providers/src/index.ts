export { KNOWN_PROVIDER_NAMES, KNOWN_PROVIDERS, type KnownProvider } from './known-providers';
export { loadAdapter, loadAsyncModels, loadModels, modelOf } from './load-models';
export type { AdapterModule, ProviderConfig } from './provider-config';
