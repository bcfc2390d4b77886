export {
  type BridgedModels,
  type BridgedModelsOptions,
  createBridgedModels,
} from './create-bridged-models';
