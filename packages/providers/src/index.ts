export { KNOWN_PROVIDER_NAMES, KNOWN_PROVIDERS, type KnownProvider } from './known-providers';
export {
  configWarnings,
  loadAdapter,
  loadAsyncModels,
  loadModels,
  modelOf,
} from './load-models';
export type {
  AdapterModule,
  ConfigWarning,
  LoadModelsOptions,
  ProviderConfig,
} from './provider-config';
