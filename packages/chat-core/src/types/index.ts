export type { Content, PartListUnion, PartUnion, Role } from './content';
export type {
  AutomaticFunctionCallingConfig,
  GenerateContentConfig,
  HttpOptions,
  MediaResolution,
  SafetySetting,
  ThinkingConfig,
  ThinkingLevel,
} from './generate-content-config';
export {
  type Candidate,
  type FinishReason,
  GenerateContentResponse,
  type PromptFeedback,
  type ResponseWarning,
  type SafetyRating,
  type UsageMetadata,
} from './generate-content-response';
export type { AsyncModels, Models } from './models';
export type { Blob, FileData, FunctionCall, FunctionResponse, Part } from './part';
export type {
  CallableTool,
  FunctionArgs,
  FunctionCallingMode,
  FunctionDeclaration,
  GenAICallableTool,
  JsonSchema,
  Tool,
  ToolConfig,
  ToolListUnion,
} from './tool';
