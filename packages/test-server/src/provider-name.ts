/** The providers whose HTTP APIs this package emulates. */
export type ProviderName = 'gemini' | 'openai' | 'anthropic';

export const providerNames: readonly ProviderName[] = ['gemini', 'openai', 'anthropic'];

export function isProviderName(value: string): value is ProviderName {
  return (providerNames as readonly string[]).includes(value);
}
