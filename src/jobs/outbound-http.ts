// HTTP to addresses that users choose (webhook receivers), guarded against reaching this server's own
// network: the check runs where the socket is opened, on the address actually connected to, so
// neither a literal in any spelling nor a name that resolves (or re-resolves) to a private address
// gets through. Errors are reduced to a few generic messages so that they cannot map a network.
import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, buildConnector, errors as undiciErrors } from 'undici';
import {
  type HostAllowList,
  NO_ALLOWED_HOSTS,
  literalAddress,
  mayConnect,
} from '../domain/network-address.js';

/** Resolves a host name to every address it has (dns.lookup with `all`; replaceable in tests). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

export interface OutboundPolicy {
  allowList?: HostAllowList;
  resolve?: Resolve;
}

/** The connection was refused by the guard, before any packet left for the address. */
export class AddressNotAllowedError extends Error {
  override name = 'AddressNotAllowedError';
  readonly code = 'ERR_ADDRESS_NOT_ALLOWED';
  constructor() {
    super('address not allowed');
  }
}

const systemResolve: Resolve = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * A `lookup` for net.connect that refuses when ANY address of the name is off limits: with several
 * addresses, Node may try each in turn (happy eyeballs), so the one connected to is not known here.
 */
export function guardedLookup(policy: OutboundPolicy = {}): LookupFunction {
  const allowList = policy.allowList ?? NO_ALLOWED_HOSTS;
  const resolve = policy.resolve ?? systemResolve;
  return (hostname: string, options: LookupOptions, callback) => {
    resolve(hostname).then(
      (found) => {
        const family = options.family === 4 || options.family === 6 ? options.family : 0;
        const addresses = found.filter((a) => family === 0 || a.family === family);
        const [first] = addresses;
        if (!first) {
          const err: NodeJS.ErrnoException = new Error(`no address for ${hostname}`);
          err.code = 'ENOTFOUND';
          return callback(err, '', 0);
        }
        if (!addresses.every((a) => mayConnect(allowList, hostname, a.address))) {
          return callback(new AddressNotAllowedError(), '', 0);
        }
        if (options.all) return callback(null, addresses);
        return callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}

/**
 * undici's connector, with a literal address host checked before connecting (net.connect skips the
 * lookup for those) and every name resolved through the guarded lookup. `base` is for tests.
 */
export function guardedConnector(
  policy: OutboundPolicy = {},
  base: buildConnector.connector = buildConnector({ lookup: guardedLookup(policy) }),
): buildConnector.connector {
  const allowList = policy.allowList ?? NO_ALLOWED_HOSTS;
  return (options, callback) => {
    const address = literalAddress(options.hostname);
    if (address !== null && !mayConnect(allowList, options.hostname, address)) {
      callback(new AddressNotAllowedError(), null);
      return;
    }
    base(options, callback);
  };
}

export interface OutboundRequest {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  /** For the whole exchange: connecting, the answer's head and the part of its body kept. */
  timeoutMs: number;
  /** At most this many bytes of the answer's body are read; the rest is not waited for. */
  maxBodyBytes: number;
}

export interface OutboundResponse {
  status: number;
  /** The start of the answer's body, NULs removed (PostgreSQL text cannot hold them). */
  body: string;
  isTruncated: boolean;
}

export interface OutboundHttp {
  send(url: string, request: OutboundRequest): Promise<OutboundResponse>;
  close(): Promise<void>;
}

/** A client whose every connection goes through the guard. Redirects are answers, not followed. */
export function createOutboundHttp(policy: OutboundPolicy = {}): OutboundHttp {
  const agent = new Agent({ connect: guardedConnector(policy) });
  return {
    async send(url, { method, headers, body, timeoutMs, maxBodyBytes }) {
      const res = await agent.request({
        origin: new URL(url).origin,
        path: pathOf(url),
        method,
        headers,
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      const { text, isTruncated } = await readStart(res.body, maxBodyBytes);
      return { status: res.statusCode, body: text, isTruncated };
    },
    close: () => agent.destroy(),
  };
}

const pathOf = (url: string): string => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/** The first `max` bytes of a body; the stream is destroyed after them rather than drained. */
async function readStart(
  stream: AsyncIterable<Buffer> & { destroy(): unknown },
  max: number,
): Promise<{ text: string; isTruncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let isTruncated = false;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size > max) {
        isTruncated = true;
        break;
      }
    }
  } catch {
    // The status has arrived and is the answer; a body cut short by the timeout or the peer is kept as is.
    isTruncated = true;
  } finally {
    stream.destroy();
  }
  const text = new TextDecoder().decode(Buffer.concat(chunks).subarray(0, max));
  return { text: text.replaceAll('\u0000', ''), isTruncated };
}

/** What went wrong, in words that say nothing of what answered (or did not) behind the address. */
export const FAILURE = {
  notAllowed: 'address not allowed',
  notFound: 'host not found',
  refused: 'connection refused or closed',
  timedOut: 'timed out',
  tls: 'TLS error',
  other: 'the request failed',
} as const;

export function describeFailure(err: unknown): string {
  if (err instanceof AddressNotAllowedError) return FAILURE.notAllowed;
  const name = err instanceof Error ? err.name : '';
  const code = codeOf(err);
  if (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    err instanceof undiciErrors.ConnectTimeoutError ||
    err instanceof undiciErrors.HeadersTimeoutError ||
    err instanceof undiciErrors.BodyTimeoutError ||
    code === 'ETIMEDOUT'
  ) {
    return FAILURE.timedOut;
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA') return FAILURE.notFound;
  if (/^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|EPROTO$)/.test(code)) return FAILURE.tls;
  if (
    err instanceof undiciErrors.SocketError ||
    /^(ECONNREFUSED|ECONNRESET|EPIPE|EHOSTUNREACH|ENETUNREACH|ECONNABORTED)$/.test(code)
  ) {
    return FAILURE.refused;
  }
  return FAILURE.other;
}

const codeOf = (err: unknown): string => {
  const own = (err as { code?: unknown } | null)?.code;
  if (typeof own === 'string') return own;
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === 'string' ? cause : '';
};
