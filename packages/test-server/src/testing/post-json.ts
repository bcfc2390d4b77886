/** POSTs a JSON body with the given headers. */
export function postJson(
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Splits an SSE body into its events, checking each is framed with `separator`. */
export function sseFrames(text: string, separator = '\n\n'): string[] {
  if (text === '') return [];
  if (!text.endsWith(separator))
    throw new Error(`SSE body does not end with its separator: ${text.slice(-40)}`);
  return text.slice(0, -separator.length).split(separator);
}

/** The JSON `data:` payload of each frame (frames without JSON data are returned as strings). */
export function frameData(frame: string, lineBreak = '\n'): unknown {
  const line = frame.split(lineBreak).find((candidate) => candidate.startsWith('data: '));
  if (line === undefined) throw new Error(`frame without data: ${frame}`);
  const data = line.slice('data: '.length);
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/** Reads a body chunk by chunk until it ends or errors; returns the chunks and the error. */
export async function readChunks(
  response: Response,
): Promise<{ chunks: Uint8Array[]; error: unknown }> {
  const chunks: Uint8Array[] = [];
  const reader = response.body?.getReader();
  if (reader === undefined) return { chunks, error: undefined };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { chunks, error: undefined };
      chunks.push(value);
    }
  } catch (error) {
    return { chunks, error };
  }
}

export function decodeAll(chunks: readonly Uint8Array[]): string {
  return Buffer.concat(chunks).toString('utf8');
}
