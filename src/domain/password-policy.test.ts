import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-policy.js';

describe('the password rule', () => {
  it('refuses short passwords, naming the field', () => {
    expect(passwordProblem('x')).toMatchObject({ field: 'password' });
    expect(passwordProblem('Zq7!vR2#k')).toMatchObject({ field: 'password' }); // 9 characters
  });

  it('refuses long but guessable passwords', () => {
    for (const p of ['aaaaaaaaaa', 'password12', '1234567890', 'qwertyuiop', 'iloveyou2024']) {
      expect(passwordProblem(p), p).toMatchObject({ field: 'password' });
    }
  });

  it('refuses a password made of the account’s own words', () => {
    expect(passwordProblem('globex.dana', ['dana@globex.com', 'Dana Ruiz'])).toMatchObject({
      field: 'password',
    });
  });

  it('accepts long, unguessable passwords', () => {
    for (const p of ['correct horse battery', 'violet-harbor-92-lamp', 'kX9#mPq2vL']) {
      expect(passwordProblem(p), p).toBeNull();
    }
  });
});
