// The generator's entry point: a seeded B2B workspace as a time-ordered stream of Segment messages,
// plus the sales side (what sales does with each lead once Tandem qualifies it) and channel spend.
//
// Streaming: people are planned on the day they arrive (one day ahead, for time zones), their
// events wait as 24-byte records in day buckets, and messages are built only when their day is
// emitted. Memory stays proportional to the events still in the future, never to the whole run.
import { type ChannelSpend, channelSpend } from './channels.js';
import { type Emit, planLeadJourney, planVisitorJourney } from './journey.js';
import { type SegmentMessage, toMessage } from './messages.js';
import { type Qualification, type SalesPlan, salesPlanFor } from './outcomes.js';
import {
  type LeadPersona,
  type Schedule,
  arrivalsByMonth,
  buildSchedule,
  leadIndexOf,
  leadPersona,
  visitorPersona,
} from './population.js';
import { randomFor } from './random.js';
import { SCALES, type Scale, type ScaleName } from './scales.js';
import { USER_AGENTS, localeIndexOf } from './site.js';
import { Entity, type Kind, Timeline } from './timeline.js';

export interface GeneratorOptions {
  scale: ScaleName | Scale;
  seed: number;
  /** The end of the generated history; it starts `scale.months` earlier. */
  now: Date;
}

export interface MessageBatch {
  messages: SegmentMessage[];
  /** Times of its first and last message (epoch ms). */
  firstMs: number;
  lastMs: number;
}

export interface GeneratedWorkspace {
  readonly seed: number;
  readonly scale: Scale;
  readonly schedule: Schedule;
  /** Every message, oldest first. Each call starts over and yields the same messages. */
  messages(): Generator<SegmentMessage>;
  /**
   * The messages in batches (time order): a batch closes at `size` messages or when the next
   * message is more than `maxSpanMs` after its first.
   */
  batches(opts?: { size?: number; maxSpanMs?: number }): AsyncGenerator<MessageBatch>;
  /** The person behind lead `index`. */
  lead(index: number): LeadPersona;
  /** The person behind a Segment userId this generator sent (null for anyone else's). */
  leadOfUserId(userId: string): LeadPersona | null;
  /** What sales does the `attempt`-th time (0-based) Tandem qualifies this person. */
  salesPlan(lead: LeadPersona, attempt: number, q: Qualification): SalesPlan;
  /** What each paid channel cost in each month of the history. */
  spend(): ChannelSpend[];
}

export function generateWorkspace(opts: GeneratorOptions): GeneratedWorkspace {
  const scale: Scale = typeof opts.scale === 'string' ? SCALES[opts.scale] : opts.scale;
  const seed = opts.seed;
  const schedule = buildSchedule({ endMs: opts.now.getTime(), ...scale });

  const cache = new Map<number, LeadPersona>();
  const lead = (index: number): LeadPersona => {
    let p = cache.get(index);
    if (!p) {
      if (cache.size > 4096) cache.clear();
      p = leadPersona(seed, schedule, index);
      cache.set(index, p);
    }
    return p;
  };

  function* messages(): Generator<SegmentMessage> {
    const timeline = new Timeline(schedule.startMs, schedule.endMs);
    const ctx = { seed, lead };
    const plan = (day: number): void => {
      if (day >= schedule.days) return;
      const leadFrom = day === 0 ? 0 : schedule.leadsBy[day - 1]!;
      for (let i = leadFrom; i < schedule.leadsBy[day]!; i++) {
        const p = leadPersona(seed, schedule, i);
        const device = localeIndexOf(p.person.country) | ((i % USER_AGENTS.length) << 8);
        planLeadJourney(randomFor(seed, 'journey', i), p, emitter(timeline, Entity.Lead, i, device));
      }
      const visitorFrom = day === 0 ? 0 : schedule.visitorsBy[day - 1]!;
      for (let i = visitorFrom; i < schedule.visitorsBy[day]!; i++) {
        const v = visitorPersona(seed, schedule, i);
        const device = (v.utcOffset < -2 ? 0 : v.utcOffset < 3 ? 1 : 8) | ((i % USER_AGENTS.length) << 8);
        planVisitorJourney(randomFor(seed, 'visit', i), v, emitter(timeline, Entity.Visitor, i, device));
      }
    };
    // Plan one day ahead: a person arriving tomorrow morning in Sydney is already here today (UTC).
    plan(0);
    for (let day = 0; day < schedule.days; day++) {
      plan(day + 1);
      for (const e of timeline.takeDay(day)) yield toMessage(e, ctx);
    }
  }

  async function* batches(o: { size?: number; maxSpanMs?: number } = {}): AsyncGenerator<MessageBatch> {
    const size = o.size ?? 100;
    const maxSpan = o.maxSpanMs ?? Infinity;
    let batch: SegmentMessage[] = [];
    let firstMs = 0;
    let lastMs = 0;
    for (const m of messages()) {
      const t = Date.parse(m.timestamp);
      if (batch.length > 0 && (batch.length >= size || t - firstMs > maxSpan)) {
        yield { messages: batch, firstMs, lastMs };
        batch = [];
      }
      if (batch.length === 0) firstMs = t;
      batch.push(m);
      lastMs = t;
    }
    if (batch.length > 0) yield { messages: batch, firstMs, lastMs };
  }

  return {
    seed,
    scale,
    schedule,
    messages,
    batches,
    lead,
    leadOfUserId(userId) {
      const index = leadIndexOf(userId);
      return index === null || !(index >= 0 && index < schedule.leads) ? null : lead(index);
    },
    salesPlan: (p, attempt, q) => salesPlanFor(seed, p.index, attempt, p, q),
    spend: () => channelSpend(seed, arrivalsByMonth(schedule)),
  };
}

function emitter(timeline: Timeline, entity: Entity, index: number, device: number): Emit {
  let seq = 0;
  let isKnown = false;
  let knownSince = 0;
  const emit = ((t: number, kind: Kind, a: number, b: number) => {
    // Nothing sent with the userId may predate the identify that introduced it.
    const at = isKnown && t < knownSince ? knownSince + 1_000 + seq : Math.round(t);
    timeline.add({ t: at, entity, index, kind, isKnown, seq: seq++, a, b, device });
  }) as Emit;
  emit.identified = (at: number) => {
    isKnown = true;
    knownSince = Math.round(at);
  };
  return emit;
}
