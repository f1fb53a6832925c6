// Planned events, compact (24 bytes each) and bucketed by UTC day, so millions can wait their turn
// without their Segment messages existing yet. A message is built only when its day is emitted.
import { DAY_MS } from './calendar.js';

export const Kind = { Page: 0, Identify: 1, Group: 2, Track: 3 } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export const Entity = { Lead: 0, Visitor: 1 } as const;
export type Entity = (typeof Entity)[keyof typeof Entity];

export interface PlannedEvent {
  t: number;
  entity: Entity;
  index: number;
  kind: Kind;
  /** Sent with the lead's userId (it has identified by then). */
  isKnown: boolean;
  /** The entity's n-th event: with the entity it makes the messageId. */
  seq: number;
  a: number;
  b: number;
  /** Locale index (low byte) and user-agent index (next byte). */
  device: number;
}

class Bucket {
  size = 0;
  t = new Float64Array(64);
  index = new Uint32Array(64);
  /** kind (8 bits) | entity (1) | known (1) … | seq (16 bits, high) */
  meta = new Uint32Array(64);
  /** a (low 16) | b (high 16) */
  args = new Uint32Array(64);
  device = new Uint16Array(64);

  push(e: PlannedEvent): void {
    if (this.size === this.t.length) this.grow();
    const i = this.size++;
    this.t[i] = e.t;
    this.index[i] = e.index;
    this.meta[i] = (e.kind & 0xff) | (e.entity << 8) | ((e.isKnown ? 1 : 0) << 9) | ((e.seq & 0xffff) << 16);
    this.args[i] = (e.a & 0xffff) | ((e.b & 0xffff) << 16);
    this.device[i] = e.device;
  }

  private grow(): void {
    const n = this.t.length * 2;
    const grown = <T extends Float64Array | Uint32Array | Uint16Array>(old: T, make: (n: number) => T): T => {
      const next = make(n);
      next.set(old);
      return next;
    };
    this.t = grown(this.t, (k) => new Float64Array(k));
    this.index = grown(this.index, (k) => new Uint32Array(k));
    this.meta = grown(this.meta, (k) => new Uint32Array(k));
    this.args = grown(this.args, (k) => new Uint32Array(k));
    this.device = grown(this.device, (k) => new Uint16Array(k));
  }

  /** The events in time order (ties: entity, index, seq — so one person's events keep their order). */
  *sorted(): Generator<PlannedEvent> {
    const order = new Uint32Array(this.size);
    for (let i = 0; i < this.size; i++) order[i] = i;
    order.sort(
      (x, y) =>
        this.t[x]! - this.t[y]! ||
        ((this.meta[x]! >> 8) & 1) - ((this.meta[y]! >> 8) & 1) ||
        this.index[x]! - this.index[y]! ||
        (this.meta[x]! >>> 16) - (this.meta[y]! >>> 16),
    );
    for (const i of order) {
      const meta = this.meta[i]!;
      const args = this.args[i]!;
      yield {
        t: this.t[i]!,
        entity: ((meta >> 8) & 1) as Entity,
        index: this.index[i]!,
        kind: (meta & 0xff) as Kind,
        isKnown: ((meta >> 9) & 1) === 1,
        seq: meta >>> 16,
        a: args & 0xffff,
        b: args >>> 16,
        device: this.device[i]!,
      };
    }
  }
}

/** Future events by day; the day being emitted is taken out (and freed) whole. */
export class Timeline {
  private readonly buckets = new Map<number, Bucket>();
  private pending = 0;

  constructor(
    private readonly startMs: number,
    private readonly endMs: number,
  ) {}

  add(e: PlannedEvent): void {
    if (e.t < this.startMs || e.t >= this.endMs) return;
    const day = Math.floor((e.t - this.startMs) / DAY_MS);
    let bucket = this.buckets.get(day);
    if (!bucket) this.buckets.set(day, (bucket = new Bucket()));
    bucket.push(e);
    this.pending++;
  }

  /** Removes day `day`'s events and yields them in time order. */
  *takeDay(day: number): Generator<PlannedEvent> {
    const bucket = this.buckets.get(day);
    if (!bucket) return;
    this.buckets.delete(day);
    this.pending -= bucket.size;
    yield* bucket.sorted();
  }

  get pendingEvents(): number {
    return this.pending;
  }
}
