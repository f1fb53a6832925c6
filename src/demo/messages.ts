// Planned events → Segment messages, as analytics.js (browser) and analytics-node (e-mail tool,
// product backend) would send them: messageId, ISO timestamp, ids, properties or traits, context.
import { CHANNELS, campaignName } from './channels.js';
import { chance, integer, pick } from './distributions.js';
import { employeesAsTyped } from './firmographics.js';
import { EMAIL_ATTRIBUTION, IdentifyReason, TRACK_EVENTS, type TrackEvent } from './journey.js';
import { type LeadPersona, userIdOf } from './population.js';
import { randomFor, uuidFor } from './random.js';
import { ASSETS, FEATURES, LOCALES, PAGES, SITE_URL, USER_AGENTS, newsletter, webinar } from './site.js';
import { Entity, Kind, type PlannedEvent } from './timeline.js';

/** A message as an SDK sends it in a /v1/batch body. */
export interface SegmentMessage {
  type: 'identify' | 'track' | 'page' | 'group';
  messageId: string;
  timestamp: string;
  anonymousId?: string;
  userId?: string;
  event?: string;
  name?: string;
  groupId?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context: Record<string, unknown>;
}

const BROWSER_LIBRARY = { name: 'analytics.js', version: 'npm:next-1.76.0' };
const SERVER_LIBRARY = { name: '@segment/analytics-node', version: '2.1.3' };
/** Sent by the e-mail tool and the product backend rather than the browser. */
const SERVER_SIDE = new Set<TrackEvent>(['Email Opened', 'Email Clicked', 'Feature Used', 'Trial Started']);

export interface MessageContext {
  seed: number;
  /** The persona of lead `index` (identify and group need its traits). */
  lead(index: number): LeadPersona;
}

function browserContext(device: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    library: BROWSER_LIBRARY,
    locale: LOCALES[device & 0xff] ?? 'en-US',
    userAgent: USER_AGENTS[(device >> 8) % USER_AGENTS.length],
    ...extra,
  };
}

function attribution(b: number, t: number): { campaign: Record<string, string>; referrer: string } | null {
  if (b === 0) return null;
  if (b & EMAIL_ATTRIBUTION) {
    const n = newsletter(b & ~EMAIL_ATTRIBUTION);
    return { campaign: { source: 'newsletter', medium: 'email', name: n.campaign }, referrer: '' };
  }
  const channel = CHANNELS[b - 1];
  if (!channel || channel.key === 'direct' || channel.key === 'organic') {
    return channel ? { campaign: {}, referrer: channel.referrer } : null;
  }
  return {
    campaign: { source: channel.source, medium: channel.medium, name: campaignName(channel, t) },
    referrer: channel.referrer,
  };
}

function pageMessage(e: PlannedEvent, base: Base): SegmentMessage {
  const page = PAGES[e.a] ?? PAGES[0]!;
  const from = attribution(e.b, e.t);
  const utm =
    from && from.campaign.source
      ? `?utm_source=${from.campaign.source}&utm_medium=${from.campaign.medium}&utm_campaign=${from.campaign.name}`
      : '';
  const properties = {
    path: page.path,
    url: `${SITE_URL}${page.path}${utm}`,
    title: page.title,
    referrer: from ? from.referrer : `${SITE_URL}/`,
    search: utm,
  };
  const context = browserContext(e.device, {
    page: properties,
    ...(from && from.campaign.source ? { campaign: from.campaign } : {}),
  });
  return { ...base, type: 'page', name: page.title, properties, context };
}

function trackProperties(
  event: TrackEvent,
  b: number,
  t: number,
  seed: number,
  key: string,
): Record<string, unknown> {
  switch (event) {
    case 'Content Downloaded': {
      const asset = ASSETS[b % ASSETS.length]!;
      return { asset: asset.name, asset_type: asset.type, path: asset.path };
    }
    case 'Webinar Registered': {
      const w = webinar(b);
      return { webinar_id: w.webinarId, webinar_title: w.title, starts_at: new Date(w.at).toISOString() };
    }
    case 'Webinar Attended': {
      const w = webinar(b);
      return { webinar_id: w.webinarId, webinar_title: w.title, minutes_watched: 12 + ((b * 7 + t) % 45) };
    }
    case 'Email Opened':
    case 'Email Clicked': {
      const n = newsletter(b);
      return {
        email_id: n.emailId,
        email_subject: n.subject,
        campaign_name: n.campaign,
        ...(event === 'Email Clicked'
          ? { link_url: `${SITE_URL}/blog?utm_medium=email&utm_campaign=${n.campaign}` }
          : {}),
      };
    }
    case 'Newsletter Subscribed':
      return { list: 'RevOps weekly' };
    case 'Trial Started':
      return { plan: 'Growth', trial_days: 14 };
    case 'Feature Used':
      return { feature: FEATURES[b % FEATURES.length] };
    case 'Demo Requested': {
      const r = randomFor(seed, 'form', key);
      return {
        form: 'demo',
        team_size: pick(r, ['1-5', '6-20', '21-50', '50+']),
        preferred_time: pick(r, ['morning', 'afternoon']),
      };
    }
    case 'Contact Sales':
      return {
        form: 'contact-sales',
        topic: pick(randomFor(seed, 'form', key), [
          'Pricing',
          'Security review',
          'Migration',
          'Enterprise plan',
        ]),
      };
    case 'Signed Up':
      return { method: (t & 1) === 0 ? 'email' : 'google' };
  }
}

function identifyTraits(
  p: LeadPersona,
  reason: number,
  t: number,
  seed: number,
  seq: number,
): Record<string, unknown> {
  const { person, account, channel } = p;
  const r = randomFor(seed, 'traits', p.index, seq);
  const base = { email: person.email, firstName: person.firstName, lastName: person.lastName };
  if (reason === IdentifyReason.Update) return { ...base, ...(person.title ? { title: person.title } : {}) };
  const company = person.isFreeEmail && chance(r, 0.4) ? {} : { company: account.name };
  const employees = chance(r, 0.85) ? { employees: employeesAsTyped(r, account.employees) } : {};
  if (reason === IdentifyReason.HandRaise) {
    return {
      ...base,
      ...(person.title ? { title: person.title } : {}),
      ...company,
      ...employees,
      phone: person.phone ?? `+1 555 ${String(integer(r, 100, 999))} ${String(integer(r, 1000, 9999))}`,
    };
  }
  const firstTouch =
    channel.key === 'direct' || channel.key === 'organic' ? null : campaignName(channel, p.arrivalDayMs);
  return {
    ...base,
    ...(person.title ? { title: person.title } : {}),
    ...company,
    ...employees,
    ...(chance(r, 0.45) ? { industry: account.industry } : {}),
    ...(chance(r, 0.82) ? { country: person.countryAsTyped } : {}),
    ...(person.phone ? { phone: person.phone } : {}),
    ...(!person.isFreeEmail && chance(r, 0.3) ? { annualRevenue: account.annualRevenue } : {}),
    ...(!person.isFreeEmail && chance(r, 0.2) ? { website: `https://www.${account.domain}` } : {}),
    createdAt: new Date(t).toISOString(),
    // The form's hidden fields carry the first touch.
    utm_source: channel.source,
    utm_medium: channel.medium,
    ...(firstTouch ? { utm_campaign: firstTouch } : {}),
  };
}

interface Base {
  messageId: string;
  timestamp: string;
  anonymousId?: string;
  userId?: string;
}

/** The Segment message for a planned event. */
export function toMessage(e: PlannedEvent, ctx: MessageContext): SegmentMessage {
  const isLead = e.entity === Entity.Lead;
  const key = `${isLead ? 'L' : 'V'}${e.index}`;
  const base: Base = {
    messageId: uuidFor(ctx.seed, 'msg', key, e.seq),
    timestamp: new Date(e.t).toISOString(),
  };
  const persona = isLead && (e.kind === Kind.Identify || e.kind === Kind.Group) ? ctx.lead(e.index) : null;
  const anonymousId = isLead
    ? uuidFor(ctx.seed, 'anon', 'lead', e.index)
    : uuidFor(ctx.seed, 'anon', 'visitor', e.index);
  const userId = isLead && e.isKnown ? userIdOf(e.index) : undefined;
  switch (e.kind) {
    case Kind.Page:
      return pageMessage(e, { ...base, anonymousId, ...(userId ? { userId } : {}) });
    case Kind.Identify:
      return {
        ...base,
        type: 'identify',
        anonymousId,
        ...(userId ? { userId } : {}),
        traits: identifyTraits(persona!, e.a, e.t, ctx.seed, e.seq),
        context: browserContext(e.device),
      };
    case Kind.Group: {
      const account = persona!.account;
      return {
        ...base,
        type: 'group',
        anonymousId,
        ...(userId ? { userId } : {}),
        groupId: account.groupId,
        traits: {
          name: account.name,
          industry: account.industry,
          employees: account.employees,
          website: `https://www.${account.domain}`,
          plan: 'prospect',
          address: { country: account.country },
        },
        context: browserContext(e.device),
      };
    }
    case Kind.Track: {
      const event = TRACK_EVENTS[e.a] ?? 'Signed Up';
      const serverSide = SERVER_SIDE.has(event) && userId !== undefined;
      return {
        ...base,
        type: 'track',
        ...(serverSide ? {} : { anonymousId }),
        ...(userId ? { userId } : {}),
        event,
        properties: trackProperties(event, e.b, e.t, ctx.seed, `${key}:${e.seq}`),
        context: serverSide ? { library: SERVER_LIBRARY } : browserContext(e.device),
      };
    }
    default:
      throw new Error(`unknown planned event kind ${String(e.kind)}`);
  }
}
