// Test-only: serves scripted Gemini exchanges on 127.0.0.1 from a worker thread. It runs in a
// worker, not in the test's thread, because a blocking `Chat` parks the test's thread while
// its worker-bridge makes the HTTP call: a server on that thread could never answer.
//
// A client picks its script through the base URL: `http://127.0.0.1:<port>/<run>/<scenario>`.
// Each request under one base URL gets the next exchange of that scenario, and is logged;
// `GET /__requests/<run>/<scenario>` returns the log.
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {Record<string, Array<{url: string, status: number, stream: boolean, segments: unknown[]}>>} */
const scenarios = workerData.scenarios;
/** @type {Map<string, Array<{url: string, headers: Record<string, unknown>, body: unknown}>>} */
const logs = new Map();

function send(res, status, contentType, text) {
  res.writeHead(status, { 'content-type': contentType });
  res.end(text);
}

async function readBody(req) {
  const parts = [];
  for await (const part of req) parts.push(part);
  return Buffer.concat(parts).toString('utf8');
}

const server = createServer(async (req, res) => {
  const url = req.url ?? '/';
  if (req.method === 'GET' && url.startsWith('/__requests/')) {
    const base = url.slice('/__requests'.length);
    send(res, 200, 'application/json', JSON.stringify(logs.get(base) ?? []));
    return;
  }
  const at = url.indexOf('/v1beta/');
  const base = at < 0 ? url : url.slice(0, at);
  const scenario = scenarios[base.split('/').pop() ?? ''];
  if (at < 0 || !scenario) {
    send(
      res,
      400,
      'application/json',
      JSON.stringify({ error: { code: 400, message: `No scenario for ${url}` } }),
    );
    return;
  }
  const text = await readBody(req);
  const log = logs.get(base) ?? [];
  logs.set(base, log);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  log.push({ url: url.slice(at), headers: req.headers, body });
  const exchange = scenario[log.length - 1];
  if (!exchange) {
    send(
      res,
      400,
      'application/json',
      JSON.stringify({
        error: { code: 400, message: `Request ${log.length} of ${base} was not expected` },
      }),
    );
    return;
  }
  if (exchange.url !== url.slice(at)) {
    const message = `Expected ${exchange.url}, got ${url.slice(at)}`;
    send(res, 400, 'application/json', JSON.stringify({ error: { code: 400, message } }));
    return;
  }
  if (exchange.stream && exchange.status === 200) {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    // One write per event, so the client sees them as separate network chunks.
    for (const segment of exchange.segments) res.write(`data: ${JSON.stringify(segment)}\r\n\r\n`);
    res.end();
    return;
  }
  send(res, exchange.status, 'application/json', JSON.stringify(exchange.segments[0]));
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  parentPort?.postMessage({ port: typeof address === 'object' && address ? address.port : 0 });
});
