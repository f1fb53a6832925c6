import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INTERNAL_HOSTS, PUBLIC_HOSTS } from '../../test/support/ssrf-spellings.js';
import {
  NO_ALLOWED_HOSTS,
  isPlainlyInternalHost,
  isPublicAddress,
  literalAddress,
  mayConnect,
  parseHostAllowList,
} from './network-address.js';

const hostOf = (spelling: string): string => new URL(`http://${spelling}:8080/in`).hostname;
const allow = (text: string) => parseHostAllowList(text).list;

describe('isPlainlyInternalHost', () => {
  it.each(INTERNAL_HOSTS)('refuses %s', (spelling) => {
    expect(isPlainlyInternalHost(NO_ALLOWED_HOSTS, hostOf(spelling))).toBe(true);
  });

  it.each(PUBLIC_HOSTS)('lets %s through', (spelling) => {
    expect(isPlainlyInternalHost(NO_ALLOWED_HOSTS, hostOf(spelling))).toBe(false);
  });

  it('lets a name through even when it resolves inside: that is for the connect-time check', () => {
    expect(isPlainlyInternalHost(NO_ALLOWED_HOSTS, 'db.internal')).toBe(false);
  });

  it('lets allow-listed names and ranges through', () => {
    const list = allow('localhost, 10.0.0.0/8, ::1');
    expect(isPlainlyInternalHost(list, hostOf('localhost'))).toBe(false);
    expect(isPlainlyInternalHost(list, hostOf('10.1.2.3'))).toBe(false);
    expect(isPlainlyInternalHost(list, hostOf('[::ffff:10.1.2.3]'))).toBe(false);
    expect(isPlainlyInternalHost(list, hostOf('[::1]'))).toBe(false);
    expect(isPlainlyInternalHost(list, hostOf('127.0.0.1'))).toBe(true);
    expect(isPlainlyInternalHost(list, hostOf('11.0.0.0'))).toBe(false);
  });
});

describe('isPublicAddress', () => {
  it.each(
    INTERNAL_HOSTS.map(hostOf)
      .map(literalAddress)
      .filter((a): a is string => a !== null),
  )('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
  const dotted = ([a, b, c, d]: [number, number, number, number]) => `${a}.${b}.${c}.${d}`;
  const hex16 = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);

  it('judges IPv4-mapped, SIIT, NAT64 and 6to4 forms by the IPv4 address they carry', () => {
    fc.assert(
      fc.property(v4, (parts) => {
        const [a, b, c, d] = parts;
        const expected = isPublicAddress(dotted(parts));
        expect(isPublicAddress(`::ffff:${dotted(parts)}`)).toBe(expected);
        expect(isPublicAddress(`::ffff:0:${dotted(parts)}`)).toBe(expected);
        expect(isPublicAddress(`64:ff9b::${dotted(parts)}`)).toBe(expected);
        expect(isPublicAddress(`2002:${hex16(a, b)}:${hex16(c, d)}::1`)).toBe(expected);
      }),
    );
  });

  it('refuses every address of 10/8, 172.16/12, 192.168/16, 169.254/16, 100.64/10 and 127/8', () => {
    const inside = (prefix: number[], bits: number) =>
      fc.nat(2 ** (32 - bits) - 1).map((n) => {
        const base = prefix.reduce((acc, p) => acc * 256 + p, 0) * 2 ** (32 - prefix.length * 8);
        const x = base + n;
        return [x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255].join('.');
      });
    const ranges = fc.oneof(
      inside([10], 8),
      inside([172, 16], 12),
      inside([192, 168], 16),
      inside([169, 254], 16),
      inside([100, 64], 10),
      inside([127], 8),
    );
    fc.assert(
      fc.property(ranges, (address) => {
        expect(isPublicAddress(address)).toBe(false);
        // however the URL spells it: as one decimal number, in hex, or in octal parts
        const n = address.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
        const octal = address
          .split('.')
          .map((p) => `0${Number(p).toString(8)}`)
          .join('.');
        for (const spelling of [String(n), `0x${n.toString(16)}`, octal]) {
          expect(isPlainlyInternalHost(NO_ALLOWED_HOSTS, hostOf(spelling))).toBe(true);
        }
      }),
    );
  });

  it('takes only global unicast IPv6 (2000::/3) as public', () => {
    expect(isPublicAddress('2606:4700:4700::1111')).toBe(true);
    expect(isPublicAddress('4000::1')).toBe(false);
    expect(isPublicAddress('::7f00:1')).toBe(false);
  });
});

describe('mayConnect', () => {
  it('lets an allow-listed name reach whatever it resolves to, and nothing else', () => {
    const list = allow('hooks.internal.');
    expect(mayConnect(list, 'HOOKS.internal', '10.0.0.5')).toBe(true);
    expect(mayConnect(list, 'other.internal', '10.0.0.5')).toBe(false);
    expect(mayConnect(list, 'other.example', '93.184.215.14')).toBe(true);
  });
});

describe('parseHostAllowList', () => {
  it('reads names, addresses and CIDR ranges, and names the entries that are none of these', () => {
    const { list, invalid } = parseHostAllowList(
      ' hooks.internal ,10.0.0.0/8,, [::1], 127.0.0.1,127.1, a b, 300.1.1.1/8 ',
    );
    expect(list.names).toEqual(['hooks.internal']);
    expect(list.ranges.map(([a, bits]) => `${a.toString()}/${bits}`)).toEqual([
      '10.0.0.0/8',
      '::1/128',
      '127.0.0.1/32',
    ]);
    expect(invalid).toEqual(['127.1', 'a b', '300.1.1.1/8']);
  });

  it('is empty for an empty setting', () => {
    expect(parseHostAllowList('')).toEqual({ list: { names: [], ranges: [] }, invalid: [] });
  });
});
