// The rule for every password a person sets: at least 10 characters and hard to guess (zxcvbn ≥ 3).
import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import type { FieldError } from './errors.js';

export const MIN_PASSWORD_LENGTH = 10;
/** zxcvbn's 0–4 scale; 3 is "safely unguessable: moderate protection from offline slow-hash attacks". */
export const MIN_PASSWORD_SCORE = 3;

// The dictionaries are large: ranked once, on the first password checked (not when a process that
// never checks one, such as most `tandem` commands, imports this module).
let dictionariesLoaded = false;
function loadDictionaries(): void {
  if (dictionariesLoaded) return;
  zxcvbnOptions.setOptions({
    translations: zxcvbnEn.translations,
    graphs: zxcvbnCommon.adjacencyGraphs,
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
  });
  dictionariesLoaded = true;
}

/**
 * Why a password may not be used, naming the field `password`, or null when it is good enough.
 * `related` are words of this account (e-mail, name, workspace) that make a password easy to guess.
 */
export function passwordProblem(password: string, related: readonly string[] = []): FieldError | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    return { field: 'password', message: `must be at least ${MIN_PASSWORD_LENGTH} characters` };
  }
  loadDictionaries();
  const words = related.flatMap((r) => [r, ...r.split(/[@.\s_-]+/)]).filter((w) => w.length >= 3);
  const result = zxcvbn(password, words);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean).join(' ');
  return { field: 'password', message: `is too easy to guess${why ? `: ${why}` : ''}` };
}
