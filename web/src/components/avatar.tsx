// A person's or workspace's initials in a tinted square; the tint is stable for the same name.
import { initials } from '../format.js';

const TINTS = 8;

function tintOf(seed: string): number {
  let h = 0;
  for (const ch of seed) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % TINTS;
}

export function Avatar({ name, size = 'md' }: { name: string; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <span className={`avatar avatar--${size} tint-${tintOf(name)}`} aria-hidden="true">
      {initials(name)}
    </span>
  );
}
