// Draws from the distributions the generator needs, on top of a seeded stream.
import type { Random } from './random.js';

export const chance = (r: Random, p: number): boolean => r.next() < p;

export const uniform = (r: Random, min: number, max: number): number => min + (max - min) * r.next();

/** An integer in [min, max], both included. */
export const integer = (r: Random, min: number, max: number): number =>
  min + Math.floor(r.next() * (max - min + 1));

export function pick<T>(r: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(r.next() * items.length)]!;
}

/** Standard normal (Box–Muller; one of the pair is thrown away, which keeps streams independent). */
export function normal(r: Random, mean = 0, sd = 1): number {
  const u = 1 - r.next();
  const v = r.next();
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Log-normal given its median and the standard deviation of its logarithm. */
export const logNormal = (r: Random, median: number, sigma: number): number =>
  median * Math.exp(normal(r, 0, sigma));

export const exponential = (r: Random, mean: number): number => -Math.log(1 - r.next()) * mean;

/** Poisson by inversion (fine for the small means used here). */
export function poisson(r: Random, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(normal(r, mean, Math.sqrt(mean))));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = r.next();
  while (p > limit) {
    k++;
    p *= r.next();
  }
  return k;
}

export const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/** A weighted choice among a fixed list, with the cumulative table built once. */
export class Weighted<T> {
  private readonly items: T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map(([item]) => item);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, weight], i) => {
      if (!(weight >= 0)) throw new Error(`weight must be ≥ 0, got ${weight}`);
      sum += weight;
      this.cumulative[i] = sum;
    });
    if (sum <= 0) throw new Error('weights must not all be 0');
    this.total = sum;
  }

  draw(r: Random): T {
    const x = r.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo]!;
  }
}

/** Shorthand: `weighted({ US: 45, GB: 9 })`. */
export const weighted = <K extends string>(weights: Record<K, number>): Weighted<K> =>
  new Weighted(Object.entries(weights) as [K, number][]);

/**
 * Splits `total` into integer parts proportional to `weights` (largest remainders), so the parts
 * always add up exactly: a scale of 1,000,000 leads gives exactly 1,000,000.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum === 0 ? 0 : (total * w) / sum));
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i]!++;
    left--;
  }
  return parts;
}
