// Generator messages as the request bodies an SDK would POST to /v1/batch.
import type { SegmentMessage } from '../../src/demo/messages.js';
import type { Scale, ScaleName } from '../../src/demo/scales.js';
import { generateWorkspace } from '../../src/demo/workspace.js';

export interface MessageSource {
  scale: ScaleName | Scale;
  seed: number;
  nowMs: number;
}

/** The first `count` messages of the workspace `source` describes, oldest first. */
export function* firstMessages(source: MessageSource, count: number): Generator<SegmentMessage> {
  let n = 0;
  if (count <= 0) return;
  for (const m of generateWorkspace({
    scale: source.scale,
    seed: source.seed,
    now: new Date(source.nowMs),
  }).messages()) {
    yield m;
    if (++n >= count) return;
  }
}

/** Those messages in /v1/batch bodies of `batchSize`, serialised. */
export function* batchBodies(
  source: MessageSource,
  count: number,
  batchSize: number,
): Generator<{ body: string; messages: SegmentMessage[] }> {
  let batch: SegmentMessage[] = [];
  for (const m of firstMessages(source, count)) {
    batch.push(m);
    if (batch.length === batchSize) {
      yield { body: JSON.stringify({ batch }), messages: batch };
      batch = [];
    }
  }
  if (batch.length > 0) yield { body: JSON.stringify({ batch }), messages: batch };
}
