// The library entry `@colloquy/demo/settings`: what another app (the web chat) needs to run on
// the same config as the terminal demo, without reaching into this package's src.
export type { ChatTarget } from './config/chat-target';
export type { DemoSettings } from './config/demo-settings';
export { resolveSettings, type SettingsInput } from './config/resolve-settings';
export { DemoError } from './demo-error';
export { DEFAULT_STORE, describeStore, openStore } from './session/open-store';
export { createDemoTools, type DemoToolsOptions, type ToolRun } from './tools/create-demo-tools';
