import { request } from 'node:http';

/** A raw HTTP request from a chosen loopback source address (another "client" on this machine). */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string | number>; body?: string | Buffer; localAddress?: string; declaredLength?: number },
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((done, fail) => {
    // Like a browser's fetch, a body of known size says so in content-length.
    const headers = options.body !== undefined && options.headers?.['content-length'] === undefined ? { ...options.headers, 'content-length': Buffer.byteLength(options.body) } : options.headers;
    const req = request(url, { method: options.method ?? 'POST', headers, localAddress: options.localAddress ?? '127.0.0.1', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        if (options.declaredLength !== undefined) req.destroy(); // the unfinished upload ends here
        done({ status: res.statusCode ?? 0, body, headers: res.headers });
      });
      res.on('error', fail);
    });
    req.on('error', fail);
    if (options.body !== undefined) req.write(options.body);
    // With declaredLength larger than the body, the request stays open as a client that never finishes.
    if (options.declaredLength === undefined) req.end();
  });
}
