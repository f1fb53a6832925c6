// A small seeded PRNG (sfc32, seeded through a string hash) so the same seed always gives the same workspace.
//
// Written here rather than taken from a library: it is 30 lines, has no dependencies, and every
// entity (account, person, visitor) gets its own stream keyed by (seed, kind, index), so generating
// person 41,337 never depends on how many numbers persons 0..41,336 drew.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** A 32-bit unsigned integer. */
  nextUint32(): number;
}

/** cyrb128: a fast, well-mixed 128-bit hash of a string, as four 32-bit words. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): passes PractRand, 128-bit state. */
function sfc32(a: number, b: number, c: number, d: number): Random {
  const nextUint32 = (): number => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  const random: Random = { nextUint32, next: () => nextUint32() / 4294967296 };
  // Discard the first outputs: they still carry the structure of the seed words.
  for (let i = 0; i < 12; i++) nextUint32();
  return random;
}

/** An independent stream for one entity: `randomFor(seed, 'person', 41337)`. */
export function randomFor(seed: number | string, ...keys: (string | number)[]): Random {
  const [a, b, c, d] = cyrb128(`${seed}|${keys.join('|')}`);
  return sfc32(a, b, c, d);
}

/** A stable 128-bit hex id from keys (message ids, anonymous ids): looks like a v4 UUID. */
export function uuidFor(seed: number | string, ...keys: (string | number)[]): string {
  const words = cyrb128(`${seed}|uuid|${keys.join('|')}`).map((w) => w.toString(16).padStart(8, '0'));
  const hex = words.join('');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
