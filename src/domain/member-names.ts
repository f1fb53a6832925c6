// People read names: every member id written into a sentence (an assignment's reason, a clock's stop
// reason) becomes that member's name where the text is shown to a person. Stored text keeps the ids,
// which stay true when someone is renamed; webhooks carry them as they are.

export interface NamedMember {
  id: string;
  name: string;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The member ids a text mentions (to look their names up). */
export function memberIdsIn(texts: readonly (string | null)[]): string[] {
  const ids = new Set<string>();
  for (const text of texts) for (const m of (text ?? '').matchAll(UUID)) ids.add(m[0].toLowerCase());
  return [...ids];
}

/** The text with every known member id replaced by that member's name. */
export function withMemberNames(text: string, members: readonly NamedMember[]): string {
  return members.reduce((s, m) => (s.includes(m.id) ? s.replaceAll(m.id, m.name) : s), text);
}
