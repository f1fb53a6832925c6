import { describe, expect, it } from 'vitest';
import { isLoopbackRequest } from './client-address.js';

const from = (remoteAddress: string | undefined, headers: Record<string, string> = {}) =>
  isLoopbackRequest({ socket: { remoteAddress } as never, headers });

describe('whether a request comes from this machine', () => {
  it('is loopback for 127.0.0.0/8, ::1 and IPv4-mapped loopback', () => {
    expect(from('127.0.0.1')).toBe(true);
    expect(from('127.3.2.1')).toBe(true);
    expect(from('::1')).toBe(true);
    expect(from('::ffff:127.0.0.1')).toBe(true);
  });

  it('is not for any other address, or none', () => {
    expect(from('10.0.0.7')).toBe(false);
    expect(from('192.168.1.20')).toBe(false);
    expect(from('2001:db8::1')).toBe(false);
    expect(from(undefined)).toBe(false);
  });

  it('cannot be claimed by a remote client with its own proxy headers', () => {
    expect(from('203.0.113.9', { 'x-forwarded-for': '127.0.0.1' })).toBe(false);
    expect(from('203.0.113.9', { forwarded: 'for=127.0.0.1' })).toBe(false);
  });

  it('is not for a client relayed by a proxy on this machine', () => {
    expect(from('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).toBe(false);
    expect(from('127.0.0.1', { 'x-forwarded-for': '127.0.0.1, 203.0.113.9' })).toBe(false);
    expect(from('127.0.0.1', { 'x-real-ip': '203.0.113.9' })).toBe(false);
    expect(from('127.0.0.1', { forwarded: 'for="[2001:db8::1]:4711";proto=https' })).toBe(false);
    expect(from('127.0.0.1', { forwarded: 'for=unknown' })).toBe(false);
    expect(from('127.0.0.1', { 'x-forwarded-for': '127.0.0.1', forwarded: 'for="[::1]:80"' })).toBe(true);
  });
});
