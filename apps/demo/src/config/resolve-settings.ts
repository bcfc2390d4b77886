import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { configWarnings } from '@colloquy/providers';
import { DemoError } from '../demo-error';
import { checkProviderName } from './check-provider-name';
import type { DemoConfigFile, ProviderEntry } from './demo-config-file';
import { type DemoSettings, targetFor } from './demo-settings';
import { parseConfigFile } from './parse-config-file';

/** The config file read when `--config` is not given, from the working directory. */
const DEFAULT_CONFIG_FILE = 'colloquy.config.json';

export interface SettingsInput {
  flags: { provider?: string | undefined; model?: string | undefined; config?: string | undefined };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
}

function readConfig(
  input: SettingsInput,
): { data: DemoConfigFile; warnings: string[]; name: string; dir: string } | undefined {
  const given = input.flags.config;
  const path = resolve(input.cwd, given ?? DEFAULT_CONFIG_FILE);
  if (given === undefined && !existsSync(path)) return undefined;
  const name = given ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ENOENT' ? 'it does not exist' : (error as Error).message;
    throw new DemoError(`Cannot read the config file ${name}: ${why}. Check the --config path.`);
  }
  return { ...parseConfigFile(text, name), name, dir: dirname(path) };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * Combines, from lowest to highest precedence: the built-in default (the mock provider),
 * the config file, `COLLOQUY_PROVIDER` / `COLLOQUY_MODEL`, and the `--provider` / `--model`
 * flags. A model is only used with the provider it was given alongside: `--provider gemini`
 * drops a `COLLOQUY_MODEL` meant for the environment's provider rather than send a model
 * name Gemini does not know.
 */
export function resolveSettings(input: SettingsInput): DemoSettings {
  const file = readConfig(input);
  const data = file?.data ?? {};
  const fileName = file?.name ?? DEFAULT_CONFIG_FILE;
  const base = file?.dir ?? input.cwd;

  if (data.provider === undefined && (data.model !== undefined || data.options !== undefined)) {
    throw new DemoError(
      `${fileName} sets "model" or "options" without "provider": add "provider" (e.g. "openai") beside them.`,
    );
  }

  const profiles: Record<string, ProviderEntry> = {};
  for (const [name, entry] of Object.entries(data.providers ?? {})) {
    profiles[checkProviderName(name, `a key of "providers" in ${fileName}`, base)] = entry;
  }
  let fileProvider: string | undefined;
  if (data.provider !== undefined) {
    fileProvider = checkProviderName(data.provider, `"provider" in ${fileName}`, base);
    const entry = profiles[fileProvider];
    const model = data.model ?? entry?.model;
    profiles[fileProvider] = {
      ...(model === undefined ? {} : { model }),
      options: { ...entry?.options, ...data.options },
    };
  }

  const envProvider = nonEmpty(input.env.COLLOQUY_PROVIDER);
  const envModel = nonEmpty(input.env.COLLOQUY_MODEL);
  const providerBeforeFlags =
    envProvider === undefined
      ? (fileProvider ?? 'mock')
      : checkProviderName(envProvider, 'from COLLOQUY_PROVIDER', input.cwd);
  const flagProvider = nonEmpty(input.flags.provider);
  const provider =
    flagProvider === undefined
      ? providerBeforeFlags
      : checkProviderName(flagProvider, 'from --provider', input.cwd);
  const model =
    nonEmpty(input.flags.model) ?? (provider === providerBeforeFlags ? envModel : undefined);

  const settings: DemoSettings = {
    target: targetFor(profiles, provider, model),
    config: data.config ?? {},
    tools: data.tools ?? false,
    profiles,
    source: file ? file.name : 'built-in default',
  };
  // Adapter options the adapter does not take (a misspelt maxRetries, say) are named too.
  const warnings = [...(file?.warnings ?? [])];
  for (const [name, entry] of Object.entries(profiles)) {
    for (const warning of configWarnings({ provider: name, options: entry.options })) {
      warnings.push(`${fileName}: ${warning.message}`);
    }
  }
  if (warnings.length > 0) settings.warnings = warnings;
  return settings;
}
