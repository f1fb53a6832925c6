// Small measuring helpers: percentiles, rates, and a keep-alive HTTP client that stays out of the way.
import http from 'node:http';

/** The p-th percentile (0–100) of `values`, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const round = (x: number, digits = 1): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

export interface HttpResponse {
  status: number;
  body: string;
  ms: number;
}

/** A client with its own keep-alive pool, so the benchmark measures the server, not connection set-up. */
export function httpClient(baseUrl: string, maxSockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets });
  const base = new URL(baseUrl);
  function request(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<HttpResponse> {
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method,
          path,
          headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              ms: performance.now() - started,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }
  return {
    post: (path: string, body: string, headers: Record<string, string>) =>
      request('POST', path, { 'content-type': 'application/json', ...headers }, body),
    get: (path: string, headers: Record<string, string>) => request('GET', path, headers),
    close: () => agent.destroy(),
  };
}

/** The Authorization header a Segment SDK sends: the write key as the Basic-auth username. */
export const writeKeyAuth = (writeKey: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
});

export const formatInt = (n: number): string => Math.round(n).toLocaleString('en-US');
