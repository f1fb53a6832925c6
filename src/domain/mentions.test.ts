import { describe, expect, it } from 'vitest';
import { mentionHandles, mentionTokens, resolveMentions } from './mentions.js';

const maria = { id: 'u-maria', name: 'María López', email: 'maria.lopez@acme.com' };
const sam = { id: 'u-sam', name: 'Sam Rep', email: 'sam@acme.com' };
const samB = { id: 'u-samb', name: 'Sam Berg', email: 'sberg@acme.com' };
const members = [maria, sam, samB];

describe('mentionTokens', () => {
  it('finds @handles at the start of words, without trailing punctuation', () => {
    expect(mentionTokens('@maria, can you look? cc @sam.')).toEqual(['maria', 'sam']);
    expect(mentionTokens('(@maria.lopez) and @jo_x-y!')).toEqual(['maria.lopez', 'jo_x-y']);
  });

  it('does not read an e-mail address or a lone @ as a mention', () => {
    expect(mentionTokens('write to sam@acme.com or @ me')).toEqual([]);
  });
});

describe('mentionHandles', () => {
  it('answers to the e-mail local part and the first name, lower case and without accents', () => {
    expect(mentionHandles(maria)).toEqual({ email: 'maria.lopez', firstName: 'maria' });
  });
});

describe('resolveMentions', () => {
  it('names a member by first name, accents and case aside', () => {
    const r = resolveMentions('Hi @Maria, this one is real', members);
    expect(r.mentions).toEqual([{ handle: 'Maria', userId: 'u-maria' }]);
    expect(r.unknown).toEqual([]);
  });

  it('names a member by the local part of their e-mail', () => {
    expect(resolveMentions('@maria.lopez and @sberg', members).mentions.map((m) => m.userId)).toEqual([
      'u-maria',
      'u-samb',
    ]);
  });

  it('prefers an e-mail local part over a first name two members share', () => {
    // "sam" is Sam Rep's local part, and the first name of two members.
    expect(resolveMentions('@sam', members).mentions).toEqual([{ handle: 'sam', userId: 'u-sam' }]);
    expect(resolveMentions('@sam', [samB, { ...sam, email: 'srep@acme.com' }]).unknown).toEqual(['sam']);
  });

  it('leaves a handle that names nobody as text', () => {
    const r = resolveMentions('@nobody and @maria', members);
    expect(r.mentions.map((m) => m.userId)).toEqual(['u-maria']);
    expect(r.unknown).toEqual(['nobody']);
  });

  it('names each member once, however often mentioned', () => {
    const r = resolveMentions('@maria @maria.lopez @MARIA', members);
    expect(r.mentions).toEqual([{ handle: 'maria', userId: 'u-maria' }]);
  });

  it('finds nothing in text without mentions', () => {
    expect(resolveMentions('no one here', members)).toEqual({ mentions: [], unknown: [] });
  });
});
