// The keys one attempt at an import batch claims, kept aside until its transaction commits: a
// transaction retried after a deadlock runs the batch again from the start, and must not find the
// failed attempt's keys (each row would then be refused as a duplicate of itself).
import type { ClaimedKeys } from './import-plan.js';

export class TentativeClaims implements ClaimedKeys {
  private readonly own = new Map<string, number>();

  /** `file`: the keys the file's committed batches claimed. */
  constructor(private readonly file: ClaimedKeys) {}

  get(key: string): number | undefined {
    return this.own.get(key) ?? this.file.get(key);
  }

  set(key: string, row: number): this {
    this.own.set(key, row);
    return this;
  }

  /** Adds this attempt's keys to the file's: call it once the attempt's transaction has committed. */
  commit(): void {
    for (const [key, row] of this.own) this.file.set(key, row);
  }
}
