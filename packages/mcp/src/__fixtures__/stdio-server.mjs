// The fixture server over stdio, as `connectMcp({ command: 'node', args: [this file] })` starts it.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createFixtureServer } from './fixture-server.mjs';

await createFixtureServer().connect(new StdioServerTransport());
