// @mentions in a comment: which workspace members a comment names, by a handle people can type.
// A member's handles are their first name and their e-mail's local part, compared without case or
// accents. An @word that names nobody (or more than one person by first name) stays plain text.

export interface MentionCandidate {
  id: string;
  name: string;
  email: string;
}

export interface ResolvedMention {
  handle: string;
  userId: string;
}

export interface MentionResult {
  /** Each member named, once, in the order first mentioned. */
  mentions: ResolvedMention[];
  /** Handles that named nobody (or were ambiguous), left as text. */
  unknown: string[];
}

/** Lower case, accents off: "José" and "jose" are one handle. */
export function normalizeHandle(handle: string): string {
  return handle.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The handles a member answers to: the e-mail's local part, then the first name. */
export function mentionHandles(member: MentionCandidate): { email: string; firstName: string | null } {
  const local = member.email.split('@')[0] ?? '';
  const first = member.name.trim().split(/\s+/)[0] ?? '';
  const firstName = normalizeHandle(first).replace(/[^\p{L}\p{N}._-]/gu, '');
  return { email: normalizeHandle(local), firstName: firstName === '' ? null : firstName };
}

// An @ that starts a word (not the middle of an e-mail address), then letters, digits, ".", "_", "-".
const MENTION = /(^|[^\p{L}\p{N}_.@])@([\p{L}\p{N}][\p{L}\p{N}._-]*)/gu;

/** The handles written in `text`, in order, without trailing punctuation ("@maria." is "maria"). */
export function mentionTokens(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(MENTION)) {
    const token = (match[2] ?? '').replace(/[._-]+$/u, '');
    if (token !== '') out.push(token);
  }
  return out;
}

/**
 * Which members `text` mentions. An e-mail local part names its one member; a first name names a
 * member only when no one else in the workspace shares it.
 */
export function resolveMentions(text: string, members: readonly MentionCandidate[]): MentionResult {
  const byEmail = new Map<string, string[]>();
  const byFirstName = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, id: string) =>
    map.set(key, [...(map.get(key) ?? []), id]);
  for (const m of members) {
    const h = mentionHandles(m);
    add(byEmail, h.email, m.id);
    if (h.firstName !== null) add(byFirstName, h.firstName, m.id);
  }
  const mentions: ResolvedMention[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const token of mentionTokens(text)) {
    const key = normalizeHandle(token);
    const candidates = byEmail.get(key)?.length === 1 ? byEmail.get(key)! : (byFirstName.get(key) ?? []);
    const userId = candidates.length === 1 ? candidates[0]! : null;
    if (userId === null) {
      if (!unknown.includes(token)) unknown.push(token);
    } else if (!seen.has(userId)) {
      seen.add(userId);
      mentions.push({ handle: token, userId });
    }
  }
  return { mentions, unknown };
}
