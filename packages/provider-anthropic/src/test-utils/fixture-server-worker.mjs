// A tiny HTTP server on 127.0.0.1 that answers with queued replies and logs what it got.
// It runs in its own worker thread: the blocking models park the test's main thread while
// they wait, so a server on that thread could never answer.
import { createServer } from 'node:http';
import { parentPort } from 'node:worker_threads';

const replies = [];
const received = [];

const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (chunk) => {
    body += chunk;
  });
  request.on('end', () => {
    received.push({ url: request.url, headers: request.headers, body: JSON.parse(body) });
    const reply = replies.shift() ?? { status: 500, type: 'text/plain', body: 'no reply queued' };
    response.writeHead(reply.status ?? 200, { 'content-type': reply.type });
    response.end(reply.body);
  });
});

parentPort.on('message', (message) => {
  if (message.type === 'enqueue') {
    replies.push(...message.replies);
    parentPort.postMessage({ type: 'enqueued' });
  } else if (message.type === 'requests') {
    parentPort.postMessage({ type: 'requests', requests: received.splice(0) });
  }
});

server.listen(0, '127.0.0.1', () => {
  parentPort.postMessage({ type: 'listening', port: server.address().port });
});
