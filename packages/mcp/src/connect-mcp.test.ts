import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AsyncChats, Chats, ConfigurationError, type ToolListUnion } from '@colloquy/chat-core';
import { createMockAsyncModels, createMockModels, type MockTurn } from '@colloquy/provider-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type HttpFixture,
  isRunning,
  startHttpFixture,
  stdioFixture,
} from './__fixtures__/fixture-servers';
import { connectMcp } from './connect-mcp';
import type { McpConnection } from './mcp-connection';
import { McpConnectionError } from './mcp-connection-error';
import type { McpServerParams } from './mcp-server-params';

// A loaded 2-core machine may take seconds to deliver a notification or reap a process.
const WAIT = { timeout: 20_000, interval: 50 };

let http: HttpFixture;
beforeAll(async () => {
  http = await startHttpFixture();
});
afterAll(async () => {
  await http.stop();
});

const open: McpConnection[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(open.splice(0).map((connection) => connection.close()));
});

async function connect(
  server: McpServerParams,
  options?: Parameters<typeof connectMcp>[1],
): Promise<McpConnection> {
  const connection = await connectMcp(server, options);
  open.push(connection);
  return connection;
}

const call = (name: string, args: Record<string, unknown> = {}, id = 'c1'): MockTurn => ({
  functionCalls: [{ name, args, id }],
});

/** Sends one message in which the model calls the scripted functions, then answers 'done'. */
async function askWith(mcp: McpConnection, ...calls: MockTurn[]) {
  const models = createMockAsyncModels([...calls, { text: 'done' }]);
  const chat = new AsyncChats(models).create({ model: 'm', config: { tools: [mcp] } });
  const reply = await chat.sendMessage('go');
  const history = chat.getHistory();
  const responses = history
    .flatMap((content) => content.parts)
    .flatMap((part) => (part.functionResponse ? [part.functionResponse] : []));
  return { reply, models, responses };
}

describe.each([
  ['stdio', () => stdioFixture()],
  ['Streamable HTTP', () => ({ url: http.url })],
])('connectMcp over %s', (_, server) => {
  it("offers the server's tools with their names, descriptions and input schemas", async () => {
    const mcp = await connect(server());
    const { models } = await askWith(mcp);
    const declarations = models.requests[0]?.config?.tools?.[0]?.functionDeclarations;
    expect(declarations?.map((declaration) => declaration.name)).toEqual([
      'add',
      'disk_usage',
      'explode',
      'stats',
      'docs_search',
      'env',
      'pid',
      'learn',
    ]);
    expect(declarations?.[0]).toEqual({
      name: 'add',
      description: 'Adds two numbers',
      parametersJsonSchema: {
        type: 'object',
        properties: {
          a: { type: 'number', description: 'The first number' },
          b: { type: 'number' },
        },
        required: ['a', 'b'],
      },
    });
  });

  it('runs the tool the model calls and sends its result back, with the call id', async () => {
    const mcp = await connect(server());
    const { reply, models, responses } = await askWith(mcp, call('add', { a: 2, b: 40 }));
    expect(reply.text).toBe('done');
    expect(responses).toEqual([{ name: 'add', id: 'c1', response: { result: '42' } }]);
    expect(models.requests[1]?.contents.at(-1)?.parts[0]?.functionResponse).toEqual(responses[0]);
  });

  it('sends structured content as the response, and maps a dotted name both ways', async () => {
    const mcp = await connect(server());
    const { responses } = await askWith(mcp, {
      functionCalls: [
        { name: 'stats', args: {}, id: 'c1' },
        { name: 'docs_search', args: {}, id: 'c2' },
      ],
    });
    expect(responses).toEqual([
      { name: 'stats', id: 'c1', response: { count: 3, unit: 'files' } },
      { name: 'docs_search', id: 'c2', response: { result: 'found' } },
    ]);
  });

  it('sends a failing tool back to the model as an error response, not a failed send', async () => {
    const mcp = await connect(server());
    const { reply, responses } = await askWith(
      mcp,
      {
        functionCalls: [
          { name: 'disk_usage', args: {}, id: 'c1' },
          { name: 'explode', args: {}, id: 'c2' },
        ],
      },
      call('add', { a: 'two', b: 1 }, 'c3'),
    );
    expect(reply.text).toBe('done');
    expect(responses).toEqual([
      { name: 'disk_usage', id: 'c1', response: { error: 'The disk is not mounted' } },
      { name: 'explode', id: 'c2', response: { error: expect.stringContaining('The fuse blew') } },
      // Arguments the server's schema refuses.
      { name: 'add', id: 'c3', response: { error: expect.stringMatching(/a.*expected number/is) } },
    ]);
  });

  it("follows the server's tools/list_changed notification: the next send offers the new tool", async () => {
    const mcp = await connect(server());
    await askWith(mcp, call('learn', { name: 'wave' }));
    // The notification arrives on its own; wait for it rather than for a fixed time.
    await vi.waitFor(async () => {
      const { functionDeclarations } = await mcp.tool();
      expect(functionDeclarations?.map((declaration) => declaration.name)).toContain('wave');
    }, WAIT);
    const { models, responses } = await askWith(mcp, call('wave'));
    const offered = models.requests[0]?.config?.tools?.[0]?.functionDeclarations;
    expect(offered).toContainEqual({
      name: 'wave',
      description: 'Learned: wave',
      parametersJsonSchema: expect.objectContaining({ type: 'object' }),
    });
    expect(responses).toEqual([{ name: 'wave', id: 'c1', response: { result: 'wave done' } }]);
  });

  it('applies the prefix and the filter, and calls the tool under its MCP name', async () => {
    const mcp = await connect(server(), {
      prefix: 'calc_',
      filter: (tool) => tool.name === 'add',
    });
    const { models, responses } = await askWith(mcp, call('calc_add', { a: 1, b: 2 }));
    const offered = models.requests[0]?.config?.tools?.[0]?.functionDeclarations;
    expect(offered?.map((declaration) => declaration.name)).toEqual(['calc_add']);
    expect(responses).toEqual([{ name: 'calc_add', id: 'c1', response: { result: '3' } }]);
  });

  it('gives its tools as CallableTools too, which mix with other tools', async () => {
    const mcp = await connect(server());
    const tools = await mcp.tools();
    const add = tools.find((tool) => tool.declaration.name === 'add');
    if (!add) throw new Error('no add tool');
    const models = createMockAsyncModels([call('add', { a: 5, b: 5 }), { text: 'ten' }]);
    const chat = new AsyncChats(models).create({ model: 'm', config: { tools: [add] } });
    expect((await chat.sendMessage('go')).text).toBe('ten');
    expect(chat.getHistory()[2]?.parts[0]?.functionResponse?.response).toEqual({ result: '10' });
  });

  it('after close, a send fails with McpConnectionError saying the connection was closed', async () => {
    const mcp = await connect(server());
    await mcp.close();
    await mcp.close();
    const chat = new AsyncChats(createMockAsyncModels([{ text: 'unused' }])).create({
      model: 'm',
      config: { tools: [mcp] },
    });
    const sent = chat.sendMessage('go');
    await expect(sent).rejects.toSatisfy((error) => McpConnectionError.isInstance(error));
    await expect(sent).rejects.toThrow(/was closed.*Connect again/);
  });
});

describe('the connection is the caller to end', () => {
  async function serverPid(mcp: McpConnection): Promise<number> {
    const [part] = await mcp.callTool([{ name: 'pid', args: {} }]);
    return Number(part?.functionResponse?.response?.result);
  }

  it("gives a stdio server its env, and not this process's own variables", async () => {
    vi.stubEnv('COLLOQUY_MCP_TEST_KEY', 's3cret');
    const mcp = await connect({ ...stdioFixture(), env: { GREETING: 'hello' } });
    const parts = await mcp.callTool([
      { name: 'env', args: { name: 'GREETING' } },
      { name: 'env', args: { name: 'COLLOQUY_MCP_TEST_KEY' } },
      { name: 'env', args: { name: 'PATH' } },
    ]);
    expect(parts.map((part) => part.functionResponse?.response?.result)).toEqual([
      'hello',
      '(unset)',
      process.env.PATH,
    ]);
  });

  it('close() ends the stdio server process', async () => {
    const mcp = await connect(stdioFixture());
    const pid = await serverPid(mcp);
    expect(isRunning(pid)).toBe(true);
    await mcp.close();
    await vi.waitFor(() => expect(isRunning(pid)).toBe(false), WAIT);
  });

  it('await using ends it when the block is left, even by a throw', async () => {
    let pid = 0;
    await expect(
      (async () => {
        await using mcp = await connectMcp(stdioFixture());
        pid = await serverPid(mcp);
        throw new Error('left early');
      })(),
    ).rejects.toThrow('left early');
    expect(pid).toBeGreaterThan(0);
    await vi.waitFor(() => expect(isRunning(pid)).toBe(false), WAIT);
  });

  it('a server that exits on its own fails the next send with McpConnectionError', async () => {
    const mcp = await connect(stdioFixture());
    const pid = await serverPid(mcp);
    process.kill(pid);
    await vi.waitFor(() => expect(isRunning(pid)).toBe(false), WAIT);
    await vi.waitFor(() => expect(mcp.tool()).rejects.toThrow(/closed the connection/), WAIT);
    // A call already on its way (the model's answer came first) answers with the error.
    const [part] = await mcp.callTool([{ name: 'add', args: { a: 1, b: 2 }, id: 'c9' }]);
    expect(part?.functionResponse).toEqual({
      name: 'add',
      id: 'c9',
      response: { error: expect.any(String) },
    });
  });
});

const run = promisify(execFile);

describe('a server that cannot be reached', () => {
  const failure = async (server: McpServerParams): Promise<McpConnectionError> => {
    const error = await connectMcp(server).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    if (!McpConnectionError.isInstance(error))
      throw new Error(`not an McpConnectionError: ${error}`);
    return error;
  };

  it('a command that does not exist', async () => {
    const error = await failure({
      command: 'colloquy-no-such-mcp-server',
      args: ['--token=s3cret'],
    });
    expect(error.server).toBe('colloquy-no-such-mcp-server');
    expect(error.message).toMatch(
      /^Could not start the MCP server "colloquy-no-such-mcp-server": .*ENOENT.*Check that the command exists/,
    );
    expect(error.message).not.toContain('s3cret');
  });

  it('a command that exits at once', async () => {
    const error = await failure({
      command: process.execPath,
      args: ['-e', 'process.exit(3)'],
      stderr: 'ignore',
    });
    expect(error.message).toMatch(
      /Could not start the MCP server .*it is an MCP server speaking over stdio/,
    );
  });

  it('a command that never answers, within timeoutMs; it does not outlive a caller that exits', async () => {
    const pidFile = join(await mkdtemp(join(tmpdir(), 'colloquy-mcp-')), 'pid');
    const program = fileURLToPath(
      new URL('./__fixtures__/leave-after-failed-connect.mjs', import.meta.url),
    );
    const { stdout } = await run(process.execPath, [program, pidFile]).catch((failed) => failed);
    expect(stdout).toMatch(/^McpConnectionError: Could not start .*timed out.*run it by hand/i);
    const pid = Number(await readFile(pidFile, 'utf8'));
    await vi.waitFor(() => expect(isRunning(pid)).toBe(false), WAIT);
  });

  it('a URL nothing listens on', async () => {
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as { port: number };
    await new Promise((resolve) => probe.close(resolve));
    const error = await failure({ url: `http://127.0.0.1:${port}/mcp?key=s3cret` });
    expect(error.server).toBe(`http://127.0.0.1:${port}/mcp`);
    expect(error.message).toMatch(
      /^Could not connect to the MCP server at http:\/\/127\.0\.0\.1:\d+\/mcp: .*Check that the server is running/,
    );
    expect(error.message).not.toContain('s3cret');
  });

  it('an HTTP endpoint that is not MCP', async () => {
    const error = await failure({ url: http.url.replace('/mcp', '/elsewhere') });
    expect(error.message).toMatch(/Could not connect .*\/elsewhere: .*its MCP endpoint/);
  });
});

describe('the blocking Chat', () => {
  // It cannot wait for a promise, and every MCP call is one: the refusal stays, with a
  // message that points to AsyncChat.
  function sendBlocking(tools: ToolListUnion) {
    const models = createMockModels([call('add', { a: 1, b: 2 }), { text: 'unused' }]);
    const chat = new Chats(models).create({ model: 'm', config: { tools } });
    try {
      chat.sendMessage('go');
    } catch (error) {
      return error;
    }
    return undefined;
  }

  it('refuses the connection in config.tools before sending anything', async () => {
    const mcp = await connect(stdioFixture());
    const caught = sendBlocking([mcp]);
    expect(ConfigurationError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(
      /which the blocking Chat cannot wait for. Use AsyncChat/,
    );
  });

  it('refuses its tools() when the model calls one: their handlers are async', async () => {
    const mcp = await connect(stdioFixture());
    const caught = sendBlocking(await mcp.tools());
    expect(ConfigurationError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/The tool "add" returned a promise.*use AsyncChat/);
  });
});
