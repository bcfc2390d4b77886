import * as v from 'valibot';

/*
 * Loose schemas of the Chat Completions responses: only the fields the adapter reads, every
 * one optional or nullish, unknown fields kept. OpenAI-compatible servers (Ollama, vLLM,
 * llama.cpp, LM Studio, Groq, Together, OpenRouter) omit or null many of them.
 */

const toolCallSchema = v.looseObject({
  id: v.nullish(v.string()),
  type: v.nullish(v.string()),
  function: v.nullish(
    v.looseObject({
      name: v.nullish(v.string()),
      // Some servers send the arguments already parsed, as an object.
      arguments: v.nullish(v.union([v.string(), v.record(v.string(), v.unknown())])),
    }),
  ),
});

const openAIUsageSchema = v.looseObject({
  prompt_tokens: v.nullish(v.number()),
  completion_tokens: v.nullish(v.number()),
  total_tokens: v.nullish(v.number()),
  prompt_tokens_details: v.nullish(
    v.looseObject({
      cached_tokens: v.nullish(v.number()),
    }),
  ),
  completion_tokens_details: v.nullish(
    v.looseObject({
      reasoning_tokens: v.nullish(v.number()),
    }),
  ),
});

export const openAIChatCompletionSchema = v.looseObject({
  id: v.nullish(v.string()),
  model: v.nullish(v.string()),
  created: v.nullish(v.number()),
  choices: v.nullish(
    v.array(
      v.looseObject({
        index: v.nullish(v.number()),
        message: v.nullish(
          v.looseObject({
            content: v.nullish(v.string()),
            refusal: v.nullish(v.string()),
            // DeepSeek and vLLM use reasoning_content; Ollama and OpenRouter use reasoning.
            reasoning_content: v.nullish(v.string()),
            reasoning: v.nullish(v.string()),
            tool_calls: v.nullish(v.array(toolCallSchema)),
            // Read by citationsOf, which skips entries it does not know.
            annotations: v.nullish(v.array(v.unknown())),
          }),
        ),
        finish_reason: v.nullish(v.string()),
      }),
    ),
  ),
  usage: v.nullish(openAIUsageSchema),
});

export type OpenAIChatCompletion = v.InferOutput<typeof openAIChatCompletionSchema>;
export type OpenAIToolCall = v.InferOutput<typeof toolCallSchema>;

/**
 * One `chat.completion.chunk` of a stream. Not a valibot schema on purpose: the stream mapper
 * reads chunks with hand-written typeof checks, because a schema pass per event would be a
 * measurable share of the per-event cost on long streams.
 */
export interface OpenAIChatChunk {
  id?: unknown;
  model?: unknown;
  choices?: unknown;
  usage?: unknown;
  error?: unknown;
}
