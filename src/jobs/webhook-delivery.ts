// Sends due webhook deliveries, signed per Standard Webhooks, and schedules retries with backoff.
// Claiming leases the rows and commits before any HTTP call: no transaction waits on a receiver
// (PGlite has one connection), and the lease keeps other workers off the rows meanwhile.
import { Webhook } from 'standardwebhooks';
import { withLeadLink } from '../domain/alert-messages.js';
import { nextAttemptDelayMs } from '../domain/webhook-events.js';
import { DEFAULT_LINK_BASE } from './alert-delivery.js';
import type { Deps } from '../services/deps.js';
import { type OutboundHttp, createOutboundHttp, describeFailure } from './outbound-http.js';
import {
  type AttemptOutcome,
  type ClaimedDelivery,
  claimDueDeliveries,
  recordAttempts,
} from '../store/webhooks.js';

const USER_AGENT = 'Tandem-Webhooks/1';
const RESPONSE_BODY_BYTES = 1024;
/** Appended to a response body cut at RESPONSE_BODY_BYTES in the attempt log. */
export const TRUNCATED_MARK = '\n[truncated]';
/** Attempts of one tick run side by side, so the lease only has to outlast one timeout. */
const MIN_LEASE_MS = 60_000;

export interface DeliveryOptions {
  batch?: number;
  timeoutMs?: number;
  /** Only this workspace's deliveries (a per-workspace drain; tests on a shared database). */
  workspaceId?: string | null;
}

/**
 * Sends up to `batch` due deliveries once each; returns how many it attempted. Every request goes
 * through the guarded client (deps.webhookAllowedHosts lets internal receivers through); `http`
 * replaces it in tests.
 */
export async function deliverWebhooksTick(
  deps: Deps & { http?: OutboundHttp },
  { batch = 20, timeoutMs = 10_000, workspaceId = null }: DeliveryOptions = {},
): Promise<number> {
  const now = deps.clock();
  const leaseUntil = new Date(now.getTime() + Math.max(MIN_LEASE_MS, 3 * timeoutMs));
  const claimed = await deps.db.transaction((tx) =>
    claimDueDeliveries(tx, { now, leaseUntil, limit: batch, workspaceId }),
  );
  if (claimed.length === 0) return 0;

  // One client per tick, closed after it: no pooled socket outlives the tick.
  const http = deps.http ?? createOutboundHttp({ allowList: deps.webhookAllowedHosts });
  let results: AttemptResult[];
  try {
    const base = deps.publicUrl ?? DEFAULT_LINK_BASE;
    results = await Promise.all(claimed.map((d) => attempt(http, d, deps.clock(), timeoutMs, base)));
  } finally {
    if (!deps.http) await http.close();
  }

  const settledAt = deps.clock();
  const outcomes = results.map((r): AttemptOutcome => {
    const isDelivered = r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;
    const delay = isDelivered ? null : nextAttemptDelayMs(r.delivery.attempt);
    return {
      workspaceId: r.delivery.workspaceId,
      deliveryId: r.delivery.id,
      attempt: r.delivery.attempt,
      at: r.at,
      statusCode: r.statusCode,
      error: r.error,
      durationMs: r.durationMs,
      responseBody: r.responseBody,
      status: isDelivered ? 'delivered' : delay === null ? 'failed' : 'pending',
      nextAttemptAt: delay === null ? null : new Date(settledAt.getTime() + delay),
    };
  });
  await deps.db.transaction((tx) => recordAttempts(tx, outcomes));
  for (const o of outcomes) {
    if (o.status === 'failed') {
      deps.log.warn(
        { deliveryId: o.deliveryId, attempts: o.attempt, error: o.error },
        'webhook delivery given up',
      );
    }
  }
  return claimed.length;
}

interface AttemptResult {
  delivery: ClaimedDelivery;
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  responseBody: string | null;
}

async function attempt(
  http: OutboundHttp,
  delivery: ClaimedDelivery,
  at: Date,
  timeoutMs: number,
  linkBase: string,
): Promise<AttemptResult> {
  // Rebuilt in a fixed key order: jsonb keeps its own, and receivers read the body as sent. The
  // lead's link (`data.lead.url`) is added here, from PUBLIC_URL as it is when sent.
  const { type, timestamp } = delivery.payload;
  const data = withLeadLink(delivery.payload.data, linkBase);
  const body = JSON.stringify({ type, timestamp, data });
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const signature = new Webhook(delivery.secret).sign(delivery.id, at, body);
    // A redirect is an answer other than 2xx, as in the Standard Webhooks guidance: not followed.
    const res = await http.send(delivery.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'webhook-id': delivery.id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      timeoutMs,
      maxBodyBytes: RESPONSE_BODY_BYTES,
    });
    const isOk = res.status >= 200 && res.status < 300;
    return {
      delivery,
      at,
      statusCode: res.status,
      error: isOk ? null : `the receiver answered ${res.status}`,
      durationMs: elapsed(),
      responseBody: res.isTruncated ? `${res.body}${TRUNCATED_MARK}` : res.body,
    };
  } catch (err) {
    return {
      delivery,
      at,
      statusCode: null,
      error: describeFailure(err),
      durationMs: elapsed(),
      responseBody: null,
    };
  }
}
