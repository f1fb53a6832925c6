// Every setting Tandem reads from the environment, parsed once at start-up and typed.
import path from 'node:path';
import { z } from 'zod';
import { type HostAllowList, parseHostAllowList } from './domain/network-address.js';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
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
  NODE_ENV: z.string().default('development'),
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
  host: string;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  bodyLimitBytes: number;
  sessionTtlMs: number;
  workers: boolean;
  publicUrl: string | null;
  secureCookies: boolean;
  webhookAllowedHosts: HostAllowList;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.resolve(e.TANDEM_DATA_DIR) },
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    workers: e.TANDEM_WORKERS === 'true',
    publicUrl: e.PUBLIC_URL ?? null,
    secureCookies: (e.PUBLIC_URL ?? '').startsWith('https://'),
    webhookAllowedHosts: e.WEBHOOK_ALLOWED_HOSTS,
  };
}
