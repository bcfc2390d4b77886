import { type DemoSettings, targetFor } from '../config/demo-settings';
import { DemoApp, type DemoAppOptions } from '../demo-app';
import { createStyle } from '../terminal/create-style';

/** Demo settings for tests: the mock provider with an empty script, tools off. */
export function demoSettings(
  profiles: DemoSettings['profiles'] = { mock: { options: { script: [] } } },
): DemoSettings {
  return {
    target: targetFor(profiles, 'mock'),
    config: {},
    tools: false,
    profiles,
    source: 'test',
  };
}

/** A non-interactive `DemoApp` in `cwd` whose output `take()` returns and clears. */
export async function startDemoApp(
  cwd: string,
  options: Partial<DemoAppOptions> = {},
  demo: DemoSettings = demoSettings(),
) {
  let out = '';
  let err = '';
  const app = new DemoApp({
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
    style: createStyle(false),
    errorStyle: createStyle(false),
    cwd,
    env: {},
    interactive: false,
    stdoutIsTty: false,
    stream: true,
    mode: 'async',
    ...options,
  });
  await app.open(demo);
  const take = () => {
    const result = { out, err };
    out = '';
    err = '';
    return result;
  };
  return { app, take };
}
