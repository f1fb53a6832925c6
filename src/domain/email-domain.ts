// E-mail and website domains: which company a lead belongs to, and whether the address is free mail.
import freeMailDomains from 'email-providers/all.json' with { type: 'json' };
import type { EmailDomainType } from './lead-profile.js';

/**
 * Free-mail and disposable domains (the maintained `email-providers` list), loaded once.
 * Matched exactly, never by parent domain: the list holds public suffixes such as `com.ar`, and
 * `acme.com.ar` is a business.
 */
const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  ...freeMailDomains,
  // Well-known providers the list is missing.
  'fastmail.com',
]);

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Host name in ASCII (IDN → punycode), lower case, no trailing dot; null unless it is a domain. */
function asDomain(host: string): string | null {
  let ascii: string;
  try {
    ascii = new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
  ascii = ascii.replace(/\.$/, '');
  if (ascii.length > 253 || /^[\d.]+$/.test(ascii) || ascii.startsWith('[')) return null;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return null;
  const tld = labels[labels.length - 1] ?? '';
  if (!/^([a-z]{2,63}|xn--[a-z0-9-]+)$/.test(tld)) return null;
  return ascii;
}

/**
 * The domain of an e-mail address, lower case: `" Jane.Doe+news@Acme.COM "` → `"acme.com"`.
 * Accepts `mailto:` and `Name <address>` forms; null for anything that is not an address.
 */
export function emailDomain(email: string | null | undefined): string | null {
  if (typeof email !== 'string') return null;
  let address = email.trim();
  const bracketed = /<([^<>]+)>\s*$/.exec(address);
  if (bracketed?.[1] !== undefined) address = bracketed[1].trim();
  address = address.replace(/^mailto:/i, '');
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  const local = address.slice(0, at);
  const host = address.slice(at + 1);
  if (/[\s@<>(),;:\\[\]]/.test(local) || /[\s@/?#]/.test(host)) return null;
  return asDomain(host.toLowerCase());
}

/** `'free'` for free-mail and disposable providers (gmail.com, yahoo.co.uk, mailinator.com, …), else `'business'`. */
export function classifyEmailDomain(domain: string): EmailDomainType {
  return FREE_MAIL_DOMAINS.has(domain.trim().toLowerCase().replace(/\.$/, '')) ? 'free' : 'business';
}

/**
 * The account domain of a website: `"https://www.Acme.com/about"` → `"acme.com"`, `"acme.com"` →
 * `"acme.com"`. Only a leading `www`/`www2`… label is dropped: without the public-suffix list we
 * cannot tell `blog.acme.com` from `acme.co.uk`, so other sub-domains are kept. Null if no domain.
 */
export function accountDomainFromWebsite(urlOrDomain: string | null | undefined): string | null {
  if (typeof urlOrDomain !== 'string') return null;
  const input = urlOrDomain.trim();
  if (input === '' || /\s/.test(input)) return null;
  // `mailto:`, `tel:` and the like name no website (a port, as in `localhost:3000`, is a digit).
  if (/^[a-z][a-z0-9+-]*:(?!\d|\/\/)/i.test(input)) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `http://${input.replace(/^\/\//, '')}`;
  let host: string;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    host = url.hostname;
  } catch {
    return null;
  }
  const domain = asDomain(host);
  if (domain === null) return null;
  const bare = domain.replace(/^www\d*\./, '');
  return bare.includes('.') ? bare : domain;
}
