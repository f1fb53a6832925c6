// Pieces of ingestion: who a message is about (accept), and how it changes the lead's profile (fold).
import { emailDomain } from '../domain/email-domain.js';
import type { MessageIdentity } from '../domain/identity-resolution.js';
import { applyLeadFields, mapTraits } from '../domain/lead-traits.js';
import type { NormalizedEvent } from '../domain/segment-normalize.js';
import type { EngineLead } from '../store/lead-state.js';

export type IngestEvent = NormalizedEvent & { messageId: string };

/**
 * The person's e-mail a message names, when it is an address: an identify's traits.email, or the
 * context.traits.email of a track, page or screen (RudderStack and hand-written senders put it there).
 * A group's traits describe the account, never the person.
 */
function personEmailOf(e: { type: string; traits: Record<string, unknown> }): string | null {
  if (e.type === 'group' || e.type === 'alias' || typeof e.traits.email !== 'string') return null;
  const email = e.traits.email.trim().toLowerCase();
  return emailDomain(email) ? email : null;
}

/** The identity facts of a message: ids, and the e-mail it names (see personEmailOf). */
export function identityOf(e: IngestEvent): MessageIdentity {
  return {
    type: e.type,
    userId: e.userId,
    anonymousId: e.anonymousId,
    email: personEmailOf(e),
    previousId: e.previousId,
  };
}

const campaignOf = (context: Record<string, unknown>): { campaign?: unknown } => ({
  campaign: context.campaign,
});

/**
 * The lead after this message: an identify's traits applied (a later value wins, an absent one never
 * erases); UTM source/medium/campaign are first-touch, so only a lead without a source takes them.
 */
export function evolveLead(
  lead: EngineLead,
  e: { type: string; traits: Record<string, unknown>; context: Record<string, unknown> },
  options: { ignoreEmail: boolean },
): EngineLead {
  const hasSource = lead.profile.source !== null;
  if (e.type === 'identify') {
    const { fields, extra } = mapTraits(e.traits, campaignOf(e.context));
    if (options.ignoreEmail) delete fields.email;
    if (hasSource) {
      delete fields.source;
      delete fields.medium;
      delete fields.campaign;
    }
    return {
      ...lead,
      profile: applyLeadFields(lead.profile, fields, extra),
      phone: fields.phone ?? lead.phone,
      website: fields.website ?? lead.website,
    };
  }
  // A track/page naming the person's e-mail gives it to the lead as an identify would (see identityOf).
  const email = options.ignoreEmail ? null : personEmailOf(e);
  if (email) lead = { ...lead, profile: applyLeadFields(lead.profile, { email }, {}) };
  if (!hasSource && e.context.campaign) {
    const { fields } = mapTraits({}, campaignOf(e.context));
    if (fields.source) {
      return {
        ...lead,
        profile: applyLeadFields(
          lead.profile,
          { source: fields.source, medium: fields.medium, campaign: fields.campaign },
          {},
        ),
      };
    }
  }
  return lead;
}
