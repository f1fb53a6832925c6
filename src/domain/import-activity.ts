// A row of an activities import as the event ingestion would have stored: a page view or a tracked
// event of the lead, at the row's own time, with the key that makes a re-import a no-op.
import type { MappedRow } from './import-mapping.js';

/** What the activity becomes: the fields of a stored event that scoring reads. */
export interface ImportedEvent {
  /** The key a re-import finds it by (the events' unique message id). */
  messageId: string;
  type: 'page' | 'track';
  /** A tracked event's name; null for a page view (the file names no page title). */
  event: string | null;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
}

/** Exports' words for a page view ("Visit Webpage" in Marketo, "Page View" in most others). */
const PAGE_VIEW = new Set([
  'page',
  'page view',
  'pageview',
  'page viewed',
  'viewed page',
  'page visit',
  'visit webpage',
  'visited webpage',
  'visited page',
  'web page visit',
  'screen',
]);

/** Is this event name a page view? Compared trimmed, in any case, with `_` and `-` read as spaces. */
export function isPageView(event: string): boolean {
  return PAGE_VIEW.has(event.trim().toLowerCase().replace(/[_-]+/g, ' '));
}

/** A page as scoring rules see it: the path, and the whole URL when the file gave one. */
function pageOf(value: string): { path: string; url?: string } {
  if (!/^https?:\/\//i.test(value)) return { path: value };
  try {
    const url = new URL(value);
    return { path: url.pathname, url: value };
  } catch {
    return { path: value };
  }
}

/**
 * The event of an activity row of lead `leadId`. Its key is the file's record id when it has one,
 * else the lead, the event and the time: the same row imported again finds the same event.
 */
export function importedEvent(fields: MappedRow, leadId: string): ImportedEvent {
  const event = String(fields.event);
  const at = (fields.at as Date).toISOString();
  const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
  const external = text(fields.externalId);
  const path = text(fields.path);
  const asset = text(fields.asset);
  const campaign = text(fields.campaign);
  const page = path ? pageOf(path) : null;
  const isPage = isPageView(event);
  const properties: Record<string, unknown> = {
    ...(page ?? {}),
    ...(asset ? { asset } : {}),
    ...(campaign ? { campaign } : {}),
  };
  return {
    messageId: external ? `import:${external}` : `import:${leadId}|${event}|${at}`,
    type: isPage ? 'page' : 'track',
    event: isPage ? null : event,
    properties,
    context: {
      library: { name: 'tandem-import' },
      ...(isPage && page ? { page } : {}),
      ...(campaign ? { campaign: { name: campaign } } : {}),
    },
  };
}
