// Where a request comes from, for the decisions that depend on it (the demo's published password).
import type { FastifyRequest } from 'fastify';
import ipaddr from 'ipaddr.js';

const isLoopbackAddress = (address: string): boolean => {
  try {
    // process() turns an IPv4-mapped IPv6 address (::ffff:127.0.0.1) into plain IPv4.
    return ipaddr.process(address.trim().replace(/^\[|\]$/g, '')).range() === 'loopback';
  } catch {
    return false;
  }
};

/** Every address a proxy header names (X-Forwarded-For, X-Real-IP, Forwarded: for=…). */
function forwardedAddresses(headers: FastifyRequest['headers']): string[] {
  const list = (h: string | string[] | undefined): string[] =>
    (Array.isArray(h) ? h : h === undefined ? [] : [h]).flatMap((v) => v.split(','));
  const forwarded = list(headers.forwarded).flatMap((element) =>
    element
      .split(';')
      .map((pair) => /^\s*for\s*=\s*"?([^"]*)"?\s*$/i.exec(pair)?.[1])
      .filter((v): v is string => v !== undefined)
      // for="[::1]:8080" → ::1; for=127.0.0.1:8080 → 127.0.0.1
      .map((v) => (v.startsWith('[') ? v.slice(1, v.indexOf(']')) : v.replace(/:\d+$/, ''))),
  );
  return [...list(headers['x-forwarded-for']), ...list(headers['x-real-ip']), ...forwarded];
}

/**
 * True only when the connection and every hop a proxy header names are loopback. A client cannot
 * pass for local by sending its own X-Forwarded-For (the socket is still remote), and a request
 * relayed by a proxy on this machine counts as local only when the proxy says the client is too;
 * this holds whatever trustProxy is set to.
 */
export function isLoopbackRequest(request: Pick<FastifyRequest, 'headers' | 'socket'>): boolean {
  const socket = request.socket.remoteAddress;
  if (socket === undefined || !isLoopbackAddress(socket)) return false;
  return forwardedAddresses(request.headers).every(isLoopbackAddress);
}
