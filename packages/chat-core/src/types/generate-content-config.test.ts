import {
  type GenerateContentConfig as GenAIConfig,
  HarmBlockThreshold,
  HarmCategory,
  MediaResolution,
} from '@google/genai';
import { describe, expectTypeOf, it } from 'vitest';
import type { GenerateContentConfig } from './generate-content-config';

// Settings written for @google/genai carry over: its generation fields type-check here as they
// are (tools, toolConfig, systemInstruction and automaticFunctionCalling have their own tests).
type GenAISettings = Omit<
  GenAIConfig,
  'tools' | 'toolConfig' | 'systemInstruction' | 'automaticFunctionCalling' | 'thinkingConfig'
>;

describe("GenerateContentConfig and @google/genai's", () => {
  it('takes every generation field of genai as genai types it', () => {
    expectTypeOf<GenAISettings>().toExtend<GenerateContentConfig>();
    const settings: GenAISettings = {
      mediaResolution: MediaResolution.MEDIA_RESOLUTION_LOW,
      safetySettings: [
        {
          category: HarmCategory.HARM_CATEGORY_HARASSMENT,
          threshold: HarmBlockThreshold.BLOCK_NONE,
        },
      ],
      speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
      responseLogprobs: true,
      logprobs: 2,
      labels: { team: 'a' },
    };
    expectTypeOf(settings).toExtend<GenerateContentConfig>();
  });
});
