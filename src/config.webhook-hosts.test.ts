import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('WEBHOOK_ALLOWED_HOSTS', () => {
  it('allows no internal host when unset', () => {
    expect(loadConfig({}).webhookAllowedHosts).toEqual({ names: [], ranges: [] });
  });

  it('reads host names and ranges', () => {
    const { names, ranges } = loadConfig({
      WEBHOOK_ALLOWED_HOSTS: 'hooks.internal, 10.0.0.0/8',
    }).webhookAllowedHosts;
    expect(names).toEqual(['hooks.internal']);
    expect(ranges.map(([a, bits]) => `${a.toString()}/${bits}`)).toEqual(['10.0.0.0/8']);
  });

  it('stops start-up on an entry that is neither, naming the variable', () => {
    expect(() => loadConfig({ WEBHOOK_ALLOWED_HOSTS: 'hooks.internal, not a host' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEBHOOK_ALLOWED_HOSTS: 'not a host' })).toThrow(/WEBHOOK_ALLOWED_HOSTS/);
  });
});
