// The MCP server the tests talk to: the SDK's own McpServer, with tools that answer, fail,
// change the tool list and say which process they run in.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export function createFixtureServer() {
  const server = new McpServer({ name: 'colloquy-fixture', version: '1.0.0' });
  const text = (value) => ({ content: [{ type: 'text', text: String(value) }] });

  server.registerTool(
    'add',
    {
      description: 'Adds two numbers',
      inputSchema: { a: z.number().describe('The first number'), b: z.number() },
    },
    ({ a, b }) => text(a + b),
  );
  server.registerTool('disk_usage', { description: 'Reports a failure' }, () => ({
    isError: true,
    content: [{ type: 'text', text: 'The disk is not mounted' }],
  }));
  server.registerTool('explode', { description: 'Throws' }, () => {
    throw new Error('The fuse blew');
  });
  server.registerTool(
    'stats',
    {
      description: 'Structured content',
      outputSchema: { count: z.number(), unit: z.string() },
    },
    () => {
      const structuredContent = { count: 3, unit: 'files' };
      return { ...text(JSON.stringify(structuredContent)), structuredContent };
    },
  );
  server.registerTool('docs.search', { description: 'A name with a dot' }, () => text('found'));
  server.registerTool(
    'env',
    { description: 'One environment variable', inputSchema: { name: z.string() } },
    ({ name }) => text(process.env[name] ?? '(unset)'),
  );
  server.registerTool('pid', { description: "The server process's id" }, () => text(process.pid));
  server.registerTool(
    'learn',
    { description: 'Adds a tool', inputSchema: { name: z.string() } },
    ({ name }) => {
      server.registerTool(name, { description: `Learned: ${name}` }, () => text(`${name} done`));
      return text(`learned ${name}`);
    },
  );
  return server;
}
