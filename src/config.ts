// Every setting Tandem reads from the environment, parsed once at start-up and typed.
import path from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Unset: `tandem serve` picks (loopback for the demo, every interface otherwise). */
  HOST: z.string().min(1).optional(),
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
});

export interface Config {
  port: number;
  /** HOST as set, or null when unset (see listenHost in src/cli/serve.ts). */
  host: string | null;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string };
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  bodyLimitBytes: number;
  sessionTtlMs: number;
  workers: boolean;
  publicUrl: string | null;
  secureCookies: boolean;
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
    host: e.HOST ?? null,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.resolve(e.TANDEM_DATA_DIR) },
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3600_000,
    workers: e.TANDEM_WORKERS === 'true',
    publicUrl: e.PUBLIC_URL ?? null,
    secureCookies: (e.PUBLIC_URL ?? '').startsWith('https://'),
  };
}
