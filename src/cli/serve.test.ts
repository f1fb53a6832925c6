import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { listenHost } from './serve.js';

describe('the interface `tandem serve` listens on', () => {
  it('is loopback for the demo when HOST is not set, so its published password stays on this machine', () => {
    expect(listenHost(loadConfig({}).host, { demo: true })).toBe('127.0.0.1');
  });

  it('is every interface for a real deployment when HOST is not set', () => {
    expect(listenHost(loadConfig({}).host, { demo: false })).toBe('0.0.0.0');
  });

  it('is HOST whenever it is set, demo or not', () => {
    expect(listenHost(loadConfig({ HOST: '0.0.0.0' }).host, { demo: true })).toBe('0.0.0.0');
    expect(listenHost(loadConfig({ HOST: '::1' }).host, { demo: false })).toBe('::1');
  });
});
