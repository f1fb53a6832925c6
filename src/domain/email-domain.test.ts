import { describe, expect, it } from 'vitest';
import { accountDomainFromWebsite, classifyEmailDomain, emailDomain } from './email-domain.js';

describe('emailDomain', () => {
  it.each([
    ['jane@acme.com', 'acme.com'],
    ['Jane.Doe@ACME.COM', 'acme.com'],
    ['  jane@acme.com\n', 'acme.com'],
    ['jane+newsletter@acme.com', 'acme.com'],
    ['jane+tag+more@Sub.Acme.co.uk', 'sub.acme.co.uk'],
    ['mailto:jane@acme.io', 'acme.io'],
    ['Jane Doe <jane@acme.com>', 'acme.com'],
    ['jane@acme.com.', 'acme.com'],
    ["o'brien@acme.ie", 'acme.ie'],
    ['jane@bücher.de', 'xn--bcher-kva.de'],
    ['first.last@xn--bcher-kva.de', 'xn--bcher-kva.de'],
  ])('%j → %s', (email, domain) => {
    expect(emailDomain(email)).toBe(domain);
  });

  it.each([
    [''],
    ['   '],
    ['jane'],
    ['jane@'],
    ['@acme.com'],
    ['jane@acme'],
    ['jane@localhost'],
    ['jane@@acme.com'],
    ['jane doe@acme.com'],
    ['jane@acme .com'],
    ['jane@-acme.com'],
    ['jane@acme..com'],
    ['jane@192.168.0.1'],
    ['jane@acme.c'],
    ['jane@acme.com/path'],
  ])('%j is not an address', (email) => {
    expect(emailDomain(email)).toBeNull();
  });

  it('null and undefined have no domain', () => {
    expect(emailDomain(null)).toBeNull();
    expect(emailDomain(undefined)).toBeNull();
  });
});

describe('classifyEmailDomain', () => {
  it.each([
    'gmail.com',
    'googlemail.com',
    'yahoo.com',
    'yahoo.co.uk',
    'hotmail.com',
    'outlook.com',
    'live.com',
    'aol.com',
    'icloud.com',
    'me.com',
    'protonmail.com',
    'proton.me',
    'gmx.de',
    'web.de',
    'qq.com',
    '163.com',
    'yandex.ru',
    'mail.ru',
    'uol.com.br',
    'mailinator.com',
    'fastmail.com',
  ])('%s is free mail', (domain) => {
    expect(classifyEmailDomain(domain)).toBe('free');
  });

  it.each(['acme.com', 'segment.com', 'stripe.com', 'acme.com.ar', 'mail.acme.com', 'gmail.acme.com'])(
    '%s is a business',
    (domain) => {
      expect(classifyEmailDomain(domain)).toBe('business');
    },
  );

  it('ignores case, surrounding space and a trailing dot', () => {
    expect(classifyEmailDomain(' GMail.com. ')).toBe('free');
  });

  it('classifies the domain emailDomain extracts', () => {
    const domain = emailDomain('Someone+crm@GMAIL.com');
    expect(domain).toBe('gmail.com');
    expect(classifyEmailDomain(domain ?? '')).toBe('free');
  });
});

describe('accountDomainFromWebsite', () => {
  it.each([
    ['https://www.Acme.com/about', 'acme.com'],
    ['http://acme.com', 'acme.com'],
    ['acme.com', 'acme.com'],
    ['www.acme.com', 'acme.com'],
    ['WWW.ACME.COM/', 'acme.com'],
    ['  https://www2.acme.com?ref=x  ', 'acme.com'],
    ['https://acme.com:8443/path#top', 'acme.com'],
    ['//acme.com', 'acme.com'],
    ['https://user@acme.com', 'acme.com'],
    ['https://app.acme.co.uk/login', 'app.acme.co.uk'],
    ['acme.co.uk', 'acme.co.uk'],
    ['https://bücher.de', 'xn--bcher-kva.de'],
    ['https://www.com', 'www.com'],
  ])('%j → %s', (input, domain) => {
    expect(accountDomainFromWebsite(input)).toBe(domain);
  });

  it.each([
    [''],
    ['n/a'],
    ['acme'],
    ['http://localhost:3000'],
    ['ftp://acme.com'],
    ['https://10.0.0.1'],
    ['acme dot com'],
    ['mailto:jane@acme.com'],
  ])('%j has no account domain', (input) => {
    expect(accountDomainFromWebsite(input)).toBeNull();
  });
});
