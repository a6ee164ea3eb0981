import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A request with full control of framing: `chunks` are written one by one (chunked transfer encoding unless a
 * content-length header is given), optionally with a pause between them, like a slow or hostile client.
 */
export function rawRequest(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string | string[]>;
    chunks?: (string | Buffer)[];
    pauseMs?: number;
  } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (d: Buffer) => parts.push(d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString() }),
      );
      res.on('error', reject);
    });
    // A write after the server closed surfaces on the socket too; the 'error' handler below decides.
    req.on('socket', (socket) => socket.on('error', () => {}));
    let responded = false;
    req.on('response', () => {
      responded = true;
    });
    req.on('error', (error) => {
      // The server may answer (413) and close while we are still writing: the response, if any, is what counts.
      setTimeout(() => {
        if (!responded) reject(error);
      }, 100);
    });
    void (async () => {
      for (const chunk of options.chunks ?? []) {
        if (req.destroyed) return;
        req.write(chunk);
        if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
      }
      req.end();
    })();
  });
}
