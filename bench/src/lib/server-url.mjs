import { startServer } from './sse-server.mjs';

/**
 * The bench server's URL: the one the runner started (passed with --server), or a server of
 * our own when a scenario is run by hand. Returns a close function for the latter.
 */
export async function useServer(serverUrl) {
  if (serverUrl) return { url: serverUrl, close: async () => {} };
  return startServer();
}
