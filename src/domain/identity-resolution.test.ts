import { describe, expect, it } from 'vitest';
import { type KnownIdentities, type MessageIdentity, resolveIdentities } from './identity-resolution.js';

const none: KnownIdentities = { users: new Map(), anonymous: new Map(), emails: new Map() };
const msg = (m: Partial<MessageIdentity> & Pick<MessageIdentity, 'type'>): MessageIdentity => ({
  userId: null,
  anonymousId: null,
  email: null,
  previousId: null,
  ...m,
});

describe('resolving identities', () => {
  it('an identify with a new user id creates one lead that the following track and page share', () => {
    const plan = resolveIdentities(
      [
        msg({ type: 'identify', userId: 'u1', anonymousId: 'a1', email: 'ana@globex.com' }),
        msg({ type: 'track', userId: 'u1' }),
        msg({ type: 'page', anonymousId: 'a1' }),
      ],
      none,
    );
    expect(plan.newLeads).toEqual([{ key: 0, userId: 'u1', email: 'ana@globex.com', firstMessage: 0 }]);
    expect(plan.leads).toEqual([
      { kind: 'new', key: 0 },
      { kind: 'new', key: 0 },
      { kind: 'new', key: 0 },
    ]);
    expect(plan.newIdentities).toEqual([
      { kind: 'user', value: 'u1', lead: { kind: 'new', key: 0 } },
      { kind: 'anonymous', value: 'a1', lead: { kind: 'new', key: 0 } },
    ]);
  });

  it('anonymous page views earlier in the batch are claimed by a later identify', () => {
    const plan = resolveIdentities(
      [
        msg({ type: 'page', anonymousId: 'a1' }),
        msg({ type: 'page', anonymousId: 'a2' }),
        msg({ type: 'identify', userId: 'u1', anonymousId: 'a1' }),
      ],
      none,
    );
    expect(plan.leads).toEqual([{ kind: 'new', key: 0 }, null, { kind: 'new', key: 0 }]);
    expect(plan.attachAnonymous).toEqual([{ anonymousId: 'a1', lead: { kind: 'new', key: 0 } }]);
  });

  it('anonymous activity of a visitor nobody identified stays without a lead', () => {
    const plan = resolveIdentities([msg({ type: 'page', anonymousId: 'x' })], none);
    expect(plan.leads).toEqual([null]);
    expect(plan.newLeads).toEqual([]);
  });

  it('known ids resolve to their existing leads and create nothing', () => {
    const known: KnownIdentities = {
      users: new Map([['u1', 'L1']]),
      anonymous: new Map([['a9', 'L2']]),
      emails: new Map(),
    };
    const plan = resolveIdentities(
      [msg({ type: 'track', userId: 'u1' }), msg({ type: 'page', anonymousId: 'a9' })],
      known,
    );
    expect(plan.leads).toEqual([
      { kind: 'existing', id: 'L1' },
      { kind: 'existing', id: 'L2' },
    ]);
    expect(plan.newLeads).toEqual([]);
    expect(plan.newIdentities).toEqual([]);
  });

  it('an identify whose e-mail matches a lead created elsewhere (API, CSV) joins that lead', () => {
    const known: KnownIdentities = {
      users: new Map(),
      anonymous: new Map(),
      emails: new Map([['bo@x.io', 'L7']]),
    };
    const plan = resolveIdentities([msg({ type: 'identify', userId: 'u5', email: 'bo@x.io' })], known);
    expect(plan.leads).toEqual([{ kind: 'existing', id: 'L7' }]);
    expect(plan.newIdentities).toEqual([{ kind: 'user', value: 'u5', lead: { kind: 'existing', id: 'L7' } }]);
  });

  it('does not move an e-mail that already belongs to another lead', () => {
    const known: KnownIdentities = {
      users: new Map([['u1', 'L1']]),
      anonymous: new Map(),
      emails: new Map([['taken@x.io', 'L2']]),
    };
    const plan = resolveIdentities([msg({ type: 'identify', userId: 'u1', email: 'taken@x.io' })], known);
    expect(plan.leads).toEqual([{ kind: 'existing', id: 'L1' }]);
    expect([...plan.ignoredEmails]).toEqual([0]);
  });

  it("a track naming an anonymous visitor's e-mail creates the lead and claims the visitor's pages", () => {
    const plan = resolveIdentities(
      [
        msg({ type: 'page', anonymousId: 'a1' }),
        msg({ type: 'track', anonymousId: 'a1', email: 'ana@globex.com' }),
      ],
      none,
    );
    expect(plan.newLeads).toEqual([{ key: 0, userId: null, email: 'ana@globex.com', firstMessage: 1 }]);
    expect(plan.leads).toEqual([
      { kind: 'new', key: 0 },
      { kind: 'new', key: 0 },
    ]);
    expect(plan.attachAnonymous).toEqual([{ anonymousId: 'a1', lead: { kind: 'new', key: 0 } }]);
  });

  it("a page naming a known lead's e-mail joins that lead, which takes the sender's anonymous id", () => {
    const known: KnownIdentities = {
      users: new Map(),
      anonymous: new Map(),
      emails: new Map([['bo@x.io', 'L7']]),
    };
    const plan = resolveIdentities([msg({ type: 'page', anonymousId: 'a3', email: 'bo@x.io' })], known);
    expect(plan.leads).toEqual([{ kind: 'existing', id: 'L7' }]);
    expect(plan.newLeads).toEqual([]);
    expect(plan.attachAnonymous).toEqual([{ anonymousId: 'a3', lead: { kind: 'existing', id: 'L7' } }]);
  });

  it('two new users with the same e-mail in one batch become one lead', () => {
    const plan = resolveIdentities(
      [
        msg({ type: 'identify', userId: 'u1', email: 'same@x.io' }),
        msg({ type: 'identify', userId: 'u2', email: 'same@x.io' }),
      ],
      none,
    );
    expect(plan.newLeads).toHaveLength(1);
    expect(plan.leads[1]).toEqual({ kind: 'new', key: 0 });
  });

  it('an anonymous id already tied to one lead is not stolen by another', () => {
    const known: KnownIdentities = {
      users: new Map([['u2', 'L2']]),
      anonymous: new Map([['a1', 'L1']]),
      emails: new Map(),
    };
    const plan = resolveIdentities([msg({ type: 'identify', userId: 'u2', anonymousId: 'a1' })], known);
    expect(plan.newIdentities).toEqual([]);
    expect(plan.leads).toEqual([{ kind: 'existing', id: 'L2' }]);
  });

  it('alias links an anonymous id to a known user and claims its history', () => {
    const known: KnownIdentities = {
      users: new Map([['u1', 'L1']]),
      anonymous: new Map(),
      emails: new Map(),
    };
    const plan = resolveIdentities([msg({ type: 'alias', userId: 'u1', previousId: 'a7' })], known);
    expect(plan.attachAnonymous).toEqual([{ anonymousId: 'a7', lead: { kind: 'existing', id: 'L1' } }]);
  });

  it("alias of two known leads merges the previous one into the user's", () => {
    const known: KnownIdentities = {
      users: new Map([
        ['u1', 'L1'],
        ['old', 'L0'],
      ]),
      anonymous: new Map(),
      emails: new Map(),
    };
    const plan = resolveIdentities([msg({ type: 'alias', userId: 'u1', previousId: 'old' })], known);
    expect(plan.merges).toEqual([{ from: 'L0', into: 'L1' }]);
  });

  it('after an alias merges a lead away, every message, link and claim of the batch is the survivor', () => {
    // The e-mail finds L1 and gives it user ann; the alias then folds ann's lead into cy's: the
    // events, ann's link and the visitor's later identify are written after the merge, so all name L2.
    const known: KnownIdentities = {
      users: new Map([['cy', 'L2']]),
      anonymous: new Map([['v1', 'L1']]),
      emails: new Map([['shared@bigco.com', 'L1']]),
    };
    const plan = resolveIdentities(
      [
        msg({ type: 'identify', userId: 'ann', email: 'shared@bigco.com' }),
        msg({ type: 'alias', userId: 'cy', previousId: 'ann' }),
        msg({ type: 'identify', anonymousId: 'v1' }),
        msg({ type: 'alias', userId: 'cy', previousId: 'ann' }),
      ],
      known,
    );
    expect(plan.merges).toEqual([{ from: 'L1', into: 'L2' }]);
    expect(plan.leads).toEqual(Array(4).fill({ kind: 'existing', id: 'L2' }));
    expect(plan.newIdentities).toEqual([
      { kind: 'user', value: 'ann', lead: { kind: 'existing', id: 'L2' } },
    ]);
    expect(plan.ignoredEmails.size).toBe(0);
  });

  it('alias of a known previous id to a new user id adds the user id to that lead', () => {
    const known: KnownIdentities = {
      users: new Map(),
      anonymous: new Map([['a1', 'L1']]),
      emails: new Map(),
    };
    const plan = resolveIdentities([msg({ type: 'alias', userId: 'u9', previousId: 'a1' })], known);
    expect(plan.newIdentities).toEqual([{ kind: 'user', value: 'u9', lead: { kind: 'existing', id: 'L1' } }]);
    expect(plan.newLeads).toEqual([]);
  });
});
