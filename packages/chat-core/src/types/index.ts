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
  type CitationMetadata,
  type FinishReason,
  GenerateContentResponse,
  type GroundingMetadata,
  type PromptFeedback,
  type ResponseWarning,
  type SafetyRating,
  type UrlContextMetadata,
  type UsageMetadata,
} from './generate-content-response';
export type { AsyncModels, Models } from './models';
export type {
  Blob,
  Citation,
  CodeExecutionResult,
  ExecutableCode,
  FileData,
  FunctionCall,
  FunctionResponse,
  Part,
  PartProviderOptions,
  ProviderData,
} from './part';
export type {
  CallableTool,
  FunctionArgs,
  FunctionCallingMode,
  FunctionDeclaration,
  GenAICallableTool,
  GoogleSearch,
  JsonSchema,
  Tool,
  ToolCodeExecution,
  ToolConfig,
  ToolListUnion,
  UrlContext,
} from './tool';
