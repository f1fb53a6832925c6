// A visitor's or lead's journey over months: anonymous visits, the form that identifies them, then
// web sessions, newsletters, webinars, downloads, a trial and perhaps a hand-raise — as planned
// events. How much of each depends on the person's latent intent and engagement (outcomes.ts).
import { DAY_MS, HOUR_MS, localMoment, utcDayStart } from './calendar.js';
import { CHANNELS, channelIndex } from './channels.js';
import {
  Weighted,
  chance,
  exponential,
  integer,
  logNormal,
  pick,
  poisson,
  uniform,
} from './distributions.js';
import { UTC_OFFSET } from './firmographics.js';
import type { LeadPersona, VisitorPersona } from './population.js';
import type { Random } from './random.js';
import { ASSETS, FEATURES, PAGES_BY_KIND, newsletterSends, pageIndex, webinarOfMonth } from './site.js';
import { Kind } from './timeline.js';

export const TRACK_EVENTS = [
  'Content Downloaded',
  'Webinar Registered',
  'Webinar Attended',
  'Email Opened',
  'Email Clicked',
  'Newsletter Subscribed',
  'Trial Started',
  'Feature Used',
  'Demo Requested',
  'Contact Sales',
  'Signed Up',
] as const;
export type TrackEvent = (typeof TRACK_EVENTS)[number];
export const trackId = (e: TrackEvent): number => TRACK_EVENTS.indexOf(e);

/** Why an identify was sent: the first form, a later hand-raise form (adds a phone), an update. */
export const IdentifyReason = { FirstForm: 0, HandRaise: 1, Update: 2 } as const;

/** Page attribution (`b` of a page event): none, a channel's campaign, or a newsletter click. */
export const EMAIL_ATTRIBUTION = 0x8000;

export interface Emit {
  (t: number, kind: Kind, a: number, b: number): void;
  /** From `at` on, the person's events carry their userId. */
  identified(at: number): void;
}

const ORGANIC = channelIndex('organic');
const PRICING = PAGES_BY_KIND.get('pricing')!;
const PRODUCT = PAGES_BY_KIND.get('product')!;
const PROOF = PAGES_BY_KIND.get('proof')!;
const CONTENT = PAGES_BY_KIND.get('content')!;
const DOCS = PAGES_BY_KIND.get('docs')!;
const DEMO_PAGE = pageIndex('/demo');
const CONTACT_PAGE = pageIndex('/contact-sales');
const HOME = pageIndex('/');
const CAREERS = pageIndex('/careers');

/** Where a visitor goes next: buyers drift to pricing, product and proof; researchers to content. */
function nextPage(r: Random, intent: number): number {
  const x = r.next();
  if (x < 0.08 + 0.22 * intent) return pick(r, PRICING);
  if (x < 0.3 + 0.3 * intent) return pick(r, PRODUCT);
  if (x < 0.38 + 0.35 * intent) return pick(r, PROOF);
  if (x < 0.9) return pick(r, CONTENT);
  if (x < 0.97) return pick(r, DOCS);
  return chance(r, 0.5) ? HOME : CAREERS;
}

/** One visit: a landing page and a few more, 10 s to a few minutes apart. Returns when it ended. */
function session(
  r: Random,
  emit: Emit,
  t: number,
  opts: { landing: number; attribution: number; pages: number; intent: number },
): number {
  let at = t;
  let page = opts.landing;
  for (let i = 0; i < opts.pages; i++) {
    emit(at, Kind.Page, page, i === 0 ? opts.attribution : 0);
    at += Math.max(4_000, logNormal(r, 45_000, 0.9));
    page = nextPage(r, opts.intent);
  }
  return at;
}

const landingOf = (r: Random, channel: number): number => pick(r, CHANNELS[channel]!.landing.map(pageIndex));

/** A moment on a day `gapDays` (exponential) after `t`, in the person's waking hours. */
const laterDay = (r: Random, t: number, gapDays: number, utcOffset: number): number =>
  localMoment(r, utcDayStart(t + Math.max(1, exponential(r, gapDays)) * DAY_MS), utcOffset);

/** Somebody who browses and never says who they are. */
export function planVisitorJourney(r: Random, v: VisitorPersona, emit: Emit): void {
  let t = localMoment(r, v.arrivalDayMs, v.utcOffset);
  const sessions = 1 + poisson(r, 0.35);
  for (let s = 0; s < sessions; s++) {
    const attribution = s === 0 ? v.channelIndex + 1 : 0;
    const landing = s === 0 ? landingOf(r, v.channelIndex) : chance(r, 0.5) ? HOME : pick(r, CONTENT);
    t = session(r, emit, t, { landing, attribution, pages: 1 + poisson(r, 0.9), intent: 0.1 });
    t = laterDay(r, t, 6, v.utcOffset);
  }
}

const FIRST_OFFER = new Weighted<TrackEvent>([
  ['Content Downloaded', 42],
  ['Webinar Registered', 16],
  ['Newsletter Subscribed', 22],
  ['Signed Up', 8],
  ['Trial Started', 12],
]);

/**
 * A person who fills in a form and becomes a lead. Times are absolute; the timeline drops what
 * falls after the end of the generated history.
 */
export function planLeadJourney(r: Random, p: LeadPersona, emit: Emit): void {
  const offset = UTC_OFFSET[p.person.country] ?? p.account.utcOffset;
  const { latent } = p;
  const intent = Math.min(1, 0.15 + (latent.inMarket ? 0.55 : 0) + 0.3 * latent.quality);
  let t = localMoment(r, p.arrivalDayMs, offset);

  // 1. Anonymous visits before the form: the first from the channel that brought them.
  const before = 1 + Math.min(4, poisson(r, 0.4 + 0.8 * latent.engagement));
  for (let s = 0; s < before; s++) {
    const attribution = s === 0 ? p.channelIndex + 1 : chance(r, 0.4) ? ORGANIC + 1 : 0;
    const landing = s === 0 ? landingOf(r, p.channelIndex) : chance(r, 0.5) ? HOME : nextPage(r, intent);
    const pages = 1 + poisson(r, 0.4 + 1.1 * latent.engagement);
    const end = session(r, emit, t, { landing, attribution, pages, intent });
    if (s < before - 1) t = laterDay(r, end, 4, offset);
    else t = end;
  }

  // 2. The form: identify (+ group for a business address), then what they signed up for.
  let offer: TrackEvent;
  if (p.channel.key === 'webinar') offer = 'Webinar Registered';
  else if (p.channel.key === 'techtarget') offer = 'Content Downloaded';
  else if (latent.handRaise && chance(r, 0.3)) offer = chance(r, 0.75) ? 'Demo Requested' : 'Contact Sales';
  else if (latent.trial && chance(r, 0.5)) offer = 'Trial Started';
  else offer = FIRST_OFFER.draw(r);
  t += 20_000;
  emit.identified(t);
  emit(t, Kind.Identify, IdentifyReason.FirstForm, 0);
  if (!p.person.isFreeEmail) emit(t + 800, Kind.Group, 0, 0);
  emitOffer(r, emit, t + 1_500, offer);
  if (offer === 'Trial Started') trialUsage(r, emit, t + 60_000, latent.engagement, latent.inMarket);

  // 3. Engaged for a while, then quiet; some come back months later with a new project.
  engagedPeriod(r, p, emit, t, offset, intent, {
    hasTrial: offer === 'Trial Started',
    handRaise: latent.handRaise && offer !== 'Demo Requested' && offer !== 'Contact Sales',
    engagement: latent.engagement,
    inMarket: latent.inMarket,
  });
}

function emitOffer(r: Random, emit: Emit, t: number, offer: TrackEvent): void {
  switch (offer) {
    case 'Content Downloaded':
      emit(t, Kind.Track, trackId(offer), integer(r, 0, ASSETS.length - 1));
      return;
    case 'Webinar Registered':
      emit(t, Kind.Track, trackId(offer), webinarOfMonth(t + 10 * DAY_MS).id);
      return;
    default:
      emit(t, Kind.Track, trackId(offer), 0);
  }
}

function trialUsage(r: Random, emit: Emit, start: number, engagement: number, inMarket: boolean): void {
  const activated = chance(r, 0.2 + 0.5 * engagement + (inMarket ? 0.15 : 0));
  const uses = activated ? 8 + poisson(r, 6 + 26 * engagement) : poisson(r, 2.5);
  // Front-loaded over the 14-day trial: most use happens in the first days.
  for (let i = 0; i < uses; i++) {
    const at = start + Math.min(14 * DAY_MS, exponential(r, (activated ? 3.5 : 2) * DAY_MS));
    emit(at, Kind.Track, trackId('Feature Used'), integer(r, 0, FEATURES.length - 1));
  }
}

function engagedPeriod(
  r: Random,
  p: LeadPersona,
  emit: Emit,
  from: number,
  offset: number,
  intent: number,
  opts: { hasTrial: boolean; handRaise: boolean; engagement: number; inMarket: boolean },
): void {
  const e = opts.engagement;
  const lifetimeDays = Math.min(300, exponential(r, (opts.inMarket ? 55 : 30) + 50 * e));
  const until = from + lifetimeDays * DAY_MS;

  // Return visits: a Poisson process, busier for people with a project.
  const visitsPerDay = (0.012 + 0.07 * e) * (opts.inMarket ? 1.8 : 1);
  for (let t = from + exponential(r, 1 / visitsPerDay) * DAY_MS; t < until;) {
    const at = localMoment(r, utcDayStart(t), offset);
    const landing = chance(r, 0.4) ? HOME : nextPage(r, intent);
    session(r, emit, at, {
      landing,
      attribution: chance(r, 0.3) ? ORGANIC + 1 : 0,
      pages: 1 + poisson(r, 0.5 + 1.3 * e),
      intent,
    });
    t += Math.max(0.5, exponential(r, 1 / visitsPerDay)) * DAY_MS;
  }

  // The newsletter: opened by the engaged, clicked by some (a visit from the e-mail follows).
  for (const send of newsletterSends(from, until + 45 * DAY_MS)) {
    const afterwards = send.at > until ? 0.35 : 1;
    if (!chance(r, (0.1 + 0.4 * e) * afterwards)) continue;
    const opened = send.at + logNormal(r, 5 * HOUR_MS, 1.1);
    emit(opened, Kind.Track, trackId('Email Opened'), send.id);
    if (chance(r, 0.12 + 0.2 * e)) {
      const clicked = opened + logNormal(r, 40_000, 0.8);
      emit(clicked, Kind.Track, trackId('Email Clicked'), send.id);
      session(r, emit, clicked + 3_000, {
        landing: pick(r, CONTENT),
        attribution: EMAIL_ATTRIBUTION | send.id,
        pages: 1 + poisson(r, 1 + e),
        intent,
      });
    }
  }

  // Webinars: registered through the invitation, half of them turn up.
  for (let m = from; m < until; m += 30 * DAY_MS) {
    const w = webinarOfMonth(m);
    if (w.at < from || w.at > until || !chance(r, 0.03 + 0.15 * e)) continue;
    emit(w.at - uniform(r, 2, 9) * DAY_MS, Kind.Track, trackId('Webinar Registered'), w.id);
    if (chance(r, 0.45 + 0.2 * e))
      emit(w.at + uniform(r, 0, 10) * 60_000, Kind.Track, trackId('Webinar Attended'), w.id);
  }

  // Content downloads spread over the period.
  const downloads = poisson(r, 0.2 + 1.1 * e);
  for (let i = 0; i < downloads; i++) {
    const at = localMoment(r, utcDayStart(uniform(r, from, until)), offset);
    const asset = integer(r, 0, ASSETS.length - 1);
    emit(at, Kind.Page, pageIndex(ASSETS[asset]!.path), 0);
    emit(at + 25_000, Kind.Track, trackId('Content Downloaded'), asset);
  }

  // A trial later on, for those who want to try before they talk.
  if (!opts.hasTrial && p.latent.trial) {
    const at = localMoment(r, utcDayStart(uniform(r, from, from + 0.6 * (until - from))), offset);
    emit(at, Kind.Track, trackId('Trial Started'), 0);
    trialUsage(r, emit, at + 60_000, e, opts.inMarket);
  }

  // The hand-raise: pricing, then the demo (or contact) form, then the request.
  if (opts.handRaise) {
    const at = localMoment(
      r,
      utcDayStart(uniform(r, from + 0.1 * (until - from), from + 0.8 * (until - from))),
      offset,
    );
    const isDemo = chance(r, 0.75);
    const end = session(r, emit, at, {
      landing: pick(r, PRICING),
      attribution: 0,
      pages: 1 + poisson(r, 1),
      intent: 1,
    });
    emit(end + 20_000, Kind.Page, isDemo ? DEMO_PAGE : CONTACT_PAGE, 0);
    emit(end + 80_000, Kind.Identify, IdentifyReason.HandRaise, 0);
    emit(end + 81_000, Kind.Track, trackId(isDemo ? 'Demo Requested' : 'Contact Sales'), 0);
  }

  // Some come back after a quiet spell with a new project: recycling has something to recycle.
  if (chance(r, 0.12 + 0.1 * p.latent.quality)) {
    const back = until + exponential(r, 100) * DAY_MS;
    const inMarket = chance(r, 0.3 + 0.3 * p.latent.quality);
    const engagement = Math.min(1, e + uniform(r, 0, 0.3));
    emit(localMoment(r, utcDayStart(back), offset), Kind.Identify, IdentifyReason.Update, 0);
    engagedPeriod(r, p, emit, back + HOUR_MS, offset, Math.min(1, intent + (inMarket ? 0.3 : 0)), {
      hasTrial: true,
      handRaise: inMarket && chance(r, 0.35),
      engagement,
      inMarket,
    });
  }
}
