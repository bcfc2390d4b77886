import * as v from 'valibot';

// Loose schemas of what the Messages API sends: only the fields the adapter reads, so new
// fields never break us. Validated once per JSON response and once per rare stream event.

const count = v.nullish(v.number());

export const anthropicUsageSchema = v.looseObject({
  input_tokens: count,
  output_tokens: count,
  cache_creation_input_tokens: count,
  cache_read_input_tokens: count,
});

const textBlockSchema = v.looseObject({
  type: v.literal('text'),
  text: v.string(),
  citations: v.nullish(v.array(v.unknown())),
});

const toolUseBlockSchema = v.looseObject({
  type: v.literal('tool_use'),
  id: v.string(),
  name: v.string(),
  input: v.nullish(v.unknown()),
});

const thinkingBlockSchema = v.looseObject({
  type: v.literal('thinking'),
  thinking: v.string(),
  // Absent or empty while a streamed block starts; the signature arrives as a delta.
  signature: v.nullish(v.string()),
});

const redactedThinkingBlockSchema = v.looseObject({
  type: v.literal('redacted_thinking'),
  data: v.string(),
});

const KNOWN_BLOCK_TYPES = ['text', 'tool_use', 'thinking', 'redacted_thinking'];

/** Blocks the adapter does not read (server tools, web search results, ...) pass through. */
const otherBlockSchema = v.looseObject({
  type: v.pipe(v.string(), v.notValues(KNOWN_BLOCK_TYPES)),
});

export const anthropicContentBlockSchema = v.variant('type', [
  textBlockSchema,
  toolUseBlockSchema,
  thinkingBlockSchema,
  redactedThinkingBlockSchema,
  otherBlockSchema,
]);

/** The JSON body of a successful `POST /v1/messages`. */
export const anthropicMessageSchema = v.looseObject({
  id: v.nullish(v.string()),
  model: v.nullish(v.string()),
  content: v.array(anthropicContentBlockSchema),
  stop_reason: v.nullish(v.string()),
  usage: v.nullish(anthropicUsageSchema),
});

export const messageStartEventSchema = v.looseObject({
  message: v.looseObject({
    id: v.nullish(v.string()),
    model: v.nullish(v.string()),
    usage: v.nullish(anthropicUsageSchema),
  }),
});

export const contentBlockStartEventSchema = v.looseObject({
  index: v.number(),
  content_block: anthropicContentBlockSchema,
});

export const messageDeltaEventSchema = v.looseObject({
  delta: v.nullish(v.looseObject({ stop_reason: v.nullish(v.string()) })),
  usage: v.nullish(anthropicUsageSchema),
});

export type AnthropicUsage = v.InferOutput<typeof anthropicUsageSchema>;
export type AnthropicTextBlock = v.InferOutput<typeof textBlockSchema>;
export type AnthropicToolUseBlock = v.InferOutput<typeof toolUseBlockSchema>;
export type AnthropicThinkingBlock = v.InferOutput<typeof thinkingBlockSchema>;
export type AnthropicRedactedThinkingBlock = v.InferOutput<typeof redactedThinkingBlockSchema>;
/** A validated block; switch on `type` and narrow with the block types above. */
export type AnthropicContentBlock = v.InferOutput<typeof anthropicContentBlockSchema>;
export type AnthropicMessageResponse = v.InferOutput<typeof anthropicMessageSchema>;
