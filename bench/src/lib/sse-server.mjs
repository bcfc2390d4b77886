// A tiny HTTP server on 127.0.0.1 that answers the three providers' chat endpoints with
// pre-rendered bodies (see payloads.mjs). It runs in its own process (startServer), so the
// client being measured has its event loop to itself, and so the blocking sync-bridge
// clients can call it without deadlocking.
//
//   POST /v1beta/models/<model>:streamGenerateContent?alt=sse   Gemini SSE
//   POST /v1beta/models/<model>:generateContent                 Gemini JSON
//   POST /v1/chat/completions                                   OpenAI (SSE if "stream": true)
//   POST /v1/messages                                           Anthropic (SSE if "stream": true)
//
// Run directly, it prints `listening <url>` on stdout.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import {
  anthropicJson,
  anthropicStream,
  eventsOfModel,
  geminiJson,
  geminiStream,
  openaiJson,
  openaiStream,
} from './payloads.mjs';

const renderers = {
  gemini: geminiStream,
  openai: openaiStream,
  anthropic: anthropicStream,
};
const jsonBodies = {
  gemini: Buffer.from(geminiJson()),
  openai: Buffer.from(openaiJson()),
  anthropic: Buffer.from(anthropicJson()),
};

/** Rendered once per (format, size), then served from memory. */
const cache = new Map();
function streamBody(format, events) {
  const key = `${format}:${events}`;
  let body = cache.get(key);
  if (!body) {
    body = Buffer.from(renderers[format](events));
    cache.set(key, body);
  }
  return body;
}

function send(res, status, type, body) {
  res.statusCode = status;
  res.setHeader('content-type', type);
  res.setHeader('x-request-id', 'req_bench');
  res.end(body);
}

function route(req, body) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const gemini = /^\/v1beta\/models\/([^/:]+):(streamGenerateContent|generateContent)$/.exec(
    url.pathname,
  );
  if (gemini) {
    const model = decodeURIComponent(gemini[1]);
    return gemini[2] === 'streamGenerateContent'
      ? { format: 'gemini', stream: true, events: eventsOfModel(model) }
      : { format: 'gemini', stream: false };
  }
  const json = body.length > 0 ? JSON.parse(body) : {};
  if (url.pathname === '/v1/chat/completions') {
    return { format: 'openai', stream: json.stream === true, events: eventsOfModel(json.model) };
  }
  if (url.pathname === '/v1/messages') {
    return {
      format: 'anthropic',
      stream: json.stream === true,
      events: eventsOfModel(json.model),
    };
  }
  return undefined;
}

function createBenchServer() {
  return createServer((req, res) => {
    const parts = [];
    req.on('data', (chunk) => parts.push(chunk));
    req.on('end', () => {
      let target;
      try {
        target = route(req, Buffer.concat(parts).toString('utf8'));
      } catch (error) {
        send(res, 400, 'application/json', JSON.stringify({ error: { message: String(error) } }));
        return;
      }
      if (!target) {
        send(res, 404, 'application/json', JSON.stringify({ error: { message: req.url } }));
        return;
      }
      if (target.stream) {
        res.setHeader('cache-control', 'no-cache');
        send(res, 200, 'text/event-stream', streamBody(target.format, target.events));
      } else {
        send(res, 200, 'application/json', jsonBodies[target.format]);
      }
    });
  });
}

/**
 * Starts the server in a child process and resolves with its base URL and a close function.
 * The sizes given are rendered before the URL is handed out.
 */
export function startServer() {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening (\S+)/.exec(out);
      if (match) {
        resolve({
          url: match[1],
          close: () =>
            new Promise((done) => {
              child.removeAllListeners('exit');
              child.once('exit', () => done());
              child.kill();
            }),
        });
      }
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // Pre-render the usual sizes so the first request of a measurement is not slower.
  for (const format of Object.keys(renderers)) {
    for (const events of [1, 3, 2_000, 20_000]) streamBody(format, events);
  }
  const server = createBenchServer();
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    process.stdout.write(`listening http://127.0.0.1:${port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
