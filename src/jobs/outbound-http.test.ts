import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { LookupAddress } from 'node:dns';
import type { AddressInfo, Socket } from 'node:net';
import type { buildConnector } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { INTERNAL_HOSTS } from '../../test/support/ssrf-spellings.js';
import { literalAddress, parseHostAllowList } from '../domain/network-address.js';
import {
  AddressNotAllowedError,
  FAILURE,
  type OutboundPolicy,
  createOutboundHttp,
  describeFailure,
  guardedConnector,
  guardedLookup,
} from './outbound-http.js';

// Every connection these tests allow goes to 127.0.0.1; every other address is refused before connecting.

const hostOf = (spelling: string): string => new URL(`http://${spelling}:8080/in`).hostname;
/** What a host spelling connects to: its literal address, or loopback for the `localhost` names. */
const addressOf = (spelling: string): string => literalAddress(hostOf(spelling)) ?? '127.0.0.1';
const familyOf = (address: string) => (address.includes(':') ? 6 : 4);
const allow = (text: string) => parseHostAllowList(text).list;
const resolvingTo =
  (...addresses: string[]) =>
  async (): Promise<LookupAddress[]> =>
    addresses.map((address) => ({ address, family: familyOf(address) }));

let server: Server;
let port: number;
let connections: number;
let handler: (req: IncomingMessage, res: ServerResponse) => void;
const open = new Set<Socket>();

beforeAll(async () => {
  server = createServer((req, res) => handler(req, res));
  server.on('connection', (socket: Socket) => {
    connections++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  connections = 0;
  handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
});

const post = { method: 'POST' as const, headers: {}, body: '{}', timeoutMs: 2000, maxBodyBytes: 1024 };

async function sendWith(policy: OutboundPolicy, url: string) {
  const http = createOutboundHttp(policy);
  try {
    return await http.send(url, post);
  } finally {
    await http.close();
  }
}

describe('the connect-time guard', () => {
  const literals = INTERNAL_HOSTS.filter((s) => literalAddress(hostOf(s)) !== null);

  it.each(literals)('refuses the literal host %s before connecting', async (spelling) => {
    const base = vi.fn<buildConnector.connector>();
    const connect = guardedConnector({}, base);
    const hostname = hostOf(spelling).replace(/^\[(.*)\]$/, '$1');
    const err = await new Promise((resolve) =>
      connect({ hostname, host: `${hostOf(spelling)}:8080`, protocol: 'http:', port: '8080' }, (...args) =>
        resolve(args[0]),
      ),
    );
    expect(err).toBeInstanceOf(AddressNotAllowedError);
    expect(base).not.toHaveBeenCalled();
  });

  it.each(INTERNAL_HOSTS)('refuses a name that resolves to what %s names', async (spelling) => {
    const lookup = guardedLookup({ resolve: resolvingTo(addressOf(spelling)) });
    for (const all of [true, false]) {
      const err = await new Promise((resolve) => lookup('rebind.test', { all }, resolve));
      expect(err).toBeInstanceOf(AddressNotAllowedError);
    }
  });

  it('refuses a name when any one of its addresses is off limits', async () => {
    const lookup = guardedLookup({
      allowList: allow('127.0.0.1'),
      resolve: resolvingTo('127.0.0.1', '10.0.0.1'),
    });
    const err = await new Promise((resolve) => lookup('rebind.test', { all: true }, resolve));
    expect(err).toBeInstanceOf(AddressNotAllowedError);
  });

  it('refuses a name that resolves to loopback without opening a connection', async () => {
    const url = `http://rebind.test:${port}/in`;
    const err = await sendWith({ resolve: resolvingTo('127.0.0.1') }, url).catch((e: unknown) => e);
    expect(describeFailure(err)).toBe(FAILURE.notAllowed);
    expect(connections).toBe(0);
  });

  it('connects to what the allow-listed name resolved to', async () => {
    const url = `http://rebind.test:${port}/in`;
    const res = await sendWith({ allowList: allow('rebind.test'), resolve: resolvingTo('127.0.0.1') }, url);
    expect(res).toEqual({ status: 200, body: 'thanks', isTruncated: false });
    expect(connections).toBe(1);
  });

  it.each(['127.0.0.1', '[::ffff:127.0.0.1]', '2130706433', '0x7f000001', '127.1', '017700000001'])(
    'refuses %s on a real client without opening a connection',
    async (spelling) => {
      const err = await sendWith({}, `http://${spelling}:${port}/in`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AddressNotAllowedError);
      expect(connections).toBe(0);
    },
  );
});

describe('createOutboundHttp', () => {
  const local: OutboundPolicy = { allowList: allow('127.0.0.1') };
  const url = () => `http://127.0.0.1:${port}/in`;

  it('keeps the first bytes of a large answer and marks it truncated', async () => {
    handler = (_req, res) => res.writeHead(200).end('y'.repeat(100 * 1024));
    const res = await sendWith(local, url());
    expect(res.status).toBe(200);
    expect(res.body).toBe('y'.repeat(1024));
    expect(res.isTruncated).toBe(true);
  });

  it('does not wait for an endless body', async () => {
    handler = (_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('z'.repeat(4096)), 5);
      res.on('close', () => clearInterval(timer));
    };
    // The request's own timeout is far beyond the test's: only a bounded read finishes in time.
    const http = createOutboundHttp(local);
    const res = await http.send(url(), { ...post, timeoutMs: 60_000 }).finally(() => http.close());
    expect(res).toMatchObject({ status: 200, isTruncated: true });
  });

  it('records a redirect as the answer and does not follow it', async () => {
    handler = (req, res) =>
      res.writeHead(req.url === '/in' ? 302 : 200, { location: `http://127.0.0.1:${port}/elsewhere` }).end();
    const res = await sendWith(local, url());
    expect(res.status).toBe(302);
    expect(connections).toBe(1);
  });

  it('says "timed out" when nothing answers in time', async () => {
    handler = () => undefined;
    const http = createOutboundHttp(local);
    const err = await http.send(url(), { ...post, timeoutMs: 100 }).catch((e: unknown) => e);
    await http.close();
    expect(describeFailure(err)).toBe(FAILURE.timedOut);
  });

  it('says the same for a closed port and a peer that hangs up, whatever lies behind them', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await sendWith(local, `http://127.0.0.1:${closedPort}/`).catch((e: unknown) => e);

    handler = (req) => req.socket.destroy();
    const hungUp = await sendWith(local, url()).catch((e: unknown) => e);

    expect(describeFailure(refused)).toBe(FAILURE.refused);
    expect(describeFailure(hungUp)).toBe(FAILURE.refused);
  });

  it('says "TLS error" when the receiver does not speak TLS', async () => {
    const err = await sendWith(local, `https://127.0.0.1:${port}/in`).catch((e: unknown) => e);
    expect(describeFailure(err)).toBe(FAILURE.tls);
  });
});
