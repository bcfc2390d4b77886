export type { Content, PartListUnion, PartUnion, Role } from './content';
export type {
  AutomaticFunctionCallingConfig,
  GenerateContentConfig,
  HttpOptions,
} from './generate-content-config';
export {
  type Candidate,
  type FinishReason,
  GenerateContentResponse,
  type GenerateContentResponseInit,
  type PromptFeedback,
  type SafetyRating,
  type UsageMetadata,
} from './generate-content-response';
export type {
  AsyncModels,
  GenerateContentParameters,
  Models,
  TransportConfig,
} from './models';
export type { Blob, FileData, FunctionCall, FunctionResponse, Part } from './part';
export type {
  CallableTool,
  FunctionArgs,
  FunctionCallingMode,
  FunctionDeclaration,
  JsonSchema,
  Tool,
  ToolConfig,
  ToolListUnion,
} from './tool';
