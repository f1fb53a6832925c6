// Every setting Tandem reads from the environment, parsed once at start-up and typed.
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { type HostAllowList, parseHostAllowList } from './domain/network-address.js';

// proxy-addr's names for address ranges, as Fastify's trustProxy accepts them.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
// Written-out addresses only: ipaddr.js would also take "1" or "10.1" (inet_aton shorthands).
const isAddress = (s: string) => ipaddr.IPv4.isValidFourPartDecimal(s) || ipaddr.IPv6.isValid(s);
const isProxyAddress = (s: string) =>
  PROXY_RANGE_NAMES.has(s) || isAddress(s) || (isAddress(s.split('/')[0] ?? '') && ipaddr.isValidCIDR(s));

/**
 * Which peers may set X-Forwarded-For/-Host/-Proto: nobody (default), everybody ("true", only behind
 * a proxy that overwrites those headers), or the listed proxy addresses and CIDR ranges. Fastify
 * ignores a hop count (it cannot tell a proxy from a client that sends enough hops), so it is refused.
 */
const trustProxySchema = z
  .string()
  .trim()
  .default('false')
  .transform((v, ctx): boolean | string[] => {
    if (v === 'true' || v === 'false') return v === 'true';
    const list = v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = list.filter((s) => !isProxyAddress(s));
    if (list.length === 0 || bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: /^\d+$/.test(v)
          ? "a hop count is not supported; list the proxies' addresses (e.g. 10.0.0.0/8) or use true"
          : `must be true, false or a comma-separated list of IP addresses or CIDR ranges${bad.length ? ` (not: ${bad.join(', ')})` : ''}`,
      });
      return z.NEVER;
    }
    return list;
  });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Unset: `tandem serve` picks (loopback for the demo, every interface otherwise). */
  HOST: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  /** A PostgreSQL streaming replica the reports read from; everything that writes stays on DATABASE_URL. */
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  TANDEM_DATA_DIR: z.string().min(1).default('.tandem'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Largest accepted request body (bytes) outside the ingestion endpoints. */
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 14),
  /** Set to "false" to turn off the background workers of this node (they are on by default). */
  TANDEM_WORKERS: z.enum(['true', 'false']).default('true'),
  /** Public URL people reach this server at (for links in webhooks and notifications). */
  PUBLIC_URL: z.string().url().optional(),
  /** SMTP server for e-mail (invitations, password resets, alerts): smtp://user:pass@host:port. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** The From of Tandem's e-mail. */
  MAIL_FROM: z.string().min(3).default('Tandem <tandem@localhost>'),
  /** Proxies allowed to set X-Forwarded-* headers: false (default), true, or IPs/CIDRs, comma-separated. */
  TRUST_PROXY: trustProxySchema,
  /** Non-public host names and CIDR ranges webhooks may reach (comma-separated); none by default. */
  WEBHOOK_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      const { list, invalid } = parseHostAllowList(text);
      if (invalid.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `not a host name, address or CIDR range: ${invalid.join(', ')}`,
        });
      }
      return list;
    }),
});

export interface Config {
  port: number;
  /** HOST as set, or null when unset (see listenHost in src/cli/serve.ts). */
  host: string | null;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  /** DATABASE_REPLICA_URL: where report reads go (null: the primary serves them too). */
  reportReplica: { url: string; poolSize: number } | null;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  bodyLimitBytes: number;
  sessionTtlMs: number;
  workers: boolean;
  publicUrl: string | null;
  secureCookies: boolean;
  /** Fastify's trustProxy: false, true, or the trusted proxies' addresses and ranges. */
  trustProxy: boolean | string[];
  webhookAllowedHosts: HostAllowList;
  mail: { smtpUrl: string | null; from: string };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * The base of links in alerts and webhooks: PUBLIC_URL, else this node's own address (HOST when it
 * names one, else localhost) on PORT, which only people on this machine can open.
 */
export function linkBase(config: Pick<Config, 'publicUrl' | 'host' | 'port'>): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = !config.host || config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}

/** Parses the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.DATABASE_REPLICA_URL && !e.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration:\n  DATABASE_REPLICA_URL: needs DATABASE_URL (a replica of the embedded database cannot exist)',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST ?? null,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.resolve(e.TANDEM_DATA_DIR) },
    reportReplica: e.DATABASE_REPLICA_URL
      ? { url: e.DATABASE_REPLICA_URL, poolSize: e.DATABASE_POOL_SIZE }
      : null,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    workers: e.TANDEM_WORKERS === 'true',
    publicUrl: e.PUBLIC_URL ?? null,
    secureCookies: (e.PUBLIC_URL ?? '').startsWith('https://'),
    trustProxy: e.TRUST_PROXY,
    webhookAllowedHosts: e.WEBHOOK_ALLOWED_HOSTS,
    mail: { smtpUrl: e.SMTP_URL ?? null, from: e.MAIL_FROM },
  };
}
