// Which lead each incoming Segment message belongs to: user ids, anonymous ids, e-mails and aliases.
//
// Pure: given what the database already knows, plan the new leads, the new identity links, the
// anonymous history to attach and the leads to merge. Messages are resolved in order, so an identify
// late in a batch also claims that visitor's earlier anonymous messages in the same batch.

export type LeadRef = { kind: 'existing'; id: string } | { kind: 'new'; key: number };

export interface MessageIdentity {
  type: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';
  userId: string | null;
  anonymousId: string | null;
  /** The person's e-mail (an identify's traits.email, a track/page/screen's context.traits.email),
   *  lower-cased and looking like an address; else null. */
  email: string | null;
  /** Alias only: the id being aliased to userId. */
  previousId: string | null;
}

export interface KnownIdentities {
  users: ReadonlyMap<string, string>;
  anonymous: ReadonlyMap<string, string>;
  emails: ReadonlyMap<string, string>;
}

export interface ResolutionPlan {
  /** Per message, its lead (null: an anonymous visitor nobody has identified yet). */
  leads: (LeadRef | null)[];
  newLeads: { key: number; userId: string | null; email: string | null; firstMessage: number }[];
  newIdentities: { kind: 'user' | 'anonymous'; value: string; lead: LeadRef }[];
  /** Stored anonymous events of these visitors now belong to the lead. */
  attachAnonymous: { anonymousId: string; lead: LeadRef }[];
  /** Alias tied two existing leads together: `from` is folded into `into`. */
  merges: { from: string; into: string }[];
  /** Messages whose e-mail already belongs to another lead: the e-mail is not applied to this one. */
  ignoredEmails: Set<number>;
}

const sameRef = (a: LeadRef | null | undefined, b: LeadRef | null | undefined): boolean =>
  !!a &&
  !!b &&
  (a.kind === 'existing' && b.kind === 'existing'
    ? a.id === b.id
    : a.kind === 'new' && b.kind === 'new' && a.key === b.key);

export function resolveIdentities(
  messages: readonly MessageIdentity[],
  known: KnownIdentities,
): ResolutionPlan {
  // A lead an alias merged away is its survivor from then on: for the messages after the alias,
  // and, once the plan is made, for every message, link and attachment (they are written after the
  // merge has run).
  const mergedInto = new Map<string, string>();
  const follow = (ref: LeadRef | undefined): LeadRef | undefined => {
    if (ref?.kind !== 'existing') return ref;
    let id = ref.id;
    while (mergedInto.has(id)) id = mergedInto.get(id)!;
    return id === ref.id ? ref : { kind: 'existing', id };
  };
  const existing = (id: string | undefined): LeadRef | undefined =>
    id ? { kind: 'existing', id } : undefined;
  const users = new Map<string, LeadRef>();
  const anons = new Map<string, LeadRef>();
  const emails = new Map<string, LeadRef>();
  const userOf = (v: string) => follow(users.get(v) ?? existing(known.users.get(v)));
  const anonOf = (v: string) => follow(anons.get(v) ?? existing(known.anonymous.get(v)));
  const emailOf = (v: string) => follow(emails.get(v) ?? existing(known.emails.get(v)));

  const plan: ResolutionPlan = {
    leads: [],
    newLeads: [],
    newIdentities: [],
    attachAnonymous: [],
    merges: [],
    ignoredEmails: new Set(),
  };

  const newLead = (index: number, userId: string | null, email: string | null): LeadRef => {
    const ref: LeadRef = { kind: 'new', key: plan.newLeads.length };
    plan.newLeads.push({ key: ref.key, userId, email, firstMessage: index });
    if (email) emails.set(email, ref);
    return ref;
  };
  const linkUser = (userId: string, lead: LeadRef) => {
    users.set(userId, lead);
    plan.newIdentities.push({ kind: 'user', value: userId, lead });
  };
  // An anonymous id belongs to the first lead that claims it; later claims do not steal it.
  const linkAnonymous = (anonymousId: string, lead: LeadRef) => {
    if (anonOf(anonymousId)) return;
    anons.set(anonymousId, lead);
    plan.newIdentities.push({ kind: 'anonymous', value: anonymousId, lead });
    plan.attachAnonymous.push({ anonymousId, lead });
    for (let j = 0; j < plan.leads.length; j++) {
      if (plan.leads[j] === null && messages[j]?.anonymousId === anonymousId) plan.leads[j] = lead;
    }
  };

  messages.forEach((m, i) => {
    if (m.type === 'alias' && m.userId && m.previousId) {
      const target = userOf(m.userId);
      const previous = userOf(m.previousId) ?? anonOf(m.previousId);
      let lead: LeadRef;
      if (target && previous && !sameRef(target, previous)) {
        if (target.kind === 'existing' && previous.kind === 'existing') {
          plan.merges.push({ from: previous.id, into: target.id });
          mergedInto.set(previous.id, target.id);
        }
        lead = target;
      } else if (target) {
        lead = target;
        if (!previous) linkAnonymous(m.previousId, target);
      } else if (previous) {
        lead = previous;
        linkUser(m.userId, previous);
      } else {
        lead = newLead(i, m.userId, null);
        linkUser(m.userId, lead);
        linkAnonymous(m.previousId, lead);
      }
      plan.leads.push(lead);
      return;
    }

    let lead: LeadRef | undefined = m.userId ? userOf(m.userId) : undefined;
    if (m.email) {
      const byEmail = emailOf(m.email);
      if (lead && byEmail && !sameRef(lead, byEmail)) plan.ignoredEmails.add(i);
      if (!lead && byEmail) {
        lead = byEmail;
        if (m.userId) linkUser(m.userId, lead);
      }
    }
    if (!lead && m.userId) {
      lead = newLead(i, m.userId, m.email);
      linkUser(m.userId, lead);
    }
    // A message with only an anonymous id but an e-mail is a person we now know.
    if (!lead && m.email) lead = newLead(i, null, m.email);
    if (lead && m.email && !plan.ignoredEmails.has(i) && !emailOf(m.email)) emails.set(m.email, lead);
    if (lead && m.anonymousId) linkAnonymous(m.anonymousId, lead);
    if (!lead && m.anonymousId) lead = anonOf(m.anonymousId);
    plan.leads.push(lead ?? null);
  });
  if (mergedInto.size === 0) return plan;
  return {
    ...plan,
    leads: plan.leads.map((ref) => follow(ref ?? undefined) ?? null),
    newIdentities: plan.newIdentities.map((i) => ({ ...i, lead: follow(i.lead)! })),
    attachAnonymous: plan.attachAnonymous.map((a) => ({ ...a, lead: follow(a.lead)! })),
  };
}
