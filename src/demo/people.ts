// People: names by region, real-looking job titles whose seniority depends on company size, e-mails.
import { Weighted, chance, integer, pick } from './distributions.js';
import type { Account } from './firmographics.js';
import type { Random } from './random.js';

export type Seniority = 'c_level' | 'vp' | 'director' | 'manager' | 'individual_contributor';
export type JobFunction =
  'marketing' | 'sales' | 'operations' | 'engineering' | 'it' | 'finance' | 'executive' | 'other';

export interface Person {
  firstName: string;
  lastName: string;
  /** As typed into the form (null: left blank). */
  title: string | null;
  /** The truth behind the title, whatever was typed (what decides whether they can buy). */
  seniority: Seniority;
  jobFunction: JobFunction;
  email: string;
  isFreeEmail: boolean;
  phone: string | null;
  /** Country as typed: a code or a name in one of the spellings people use. */
  countryAsTyped: string;
  country: string;
}

type NameSet = { first: string[]; last: string[] };

const ANGLO: NameSet = {
  first: [
    'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth',
    'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Chris', 'Karen',
    'Daniel', 'Emily', 'Matthew', 'Ashley', 'Anthony', 'Megan', 'Mark', 'Rachel', 'Ryan', 'Laura',
    'Kevin', 'Amanda', 'Brian', 'Nicole', 'Jason', 'Stephanie', 'Justin', 'Lauren', 'Tyler', 'Hannah',
    'Dana', 'Jordan', 'Taylor', 'Morgan', 'Casey', 'Riley', 'Alex', 'Sam', 'Jamie', 'Avery',
  ],
  last: [
    'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor',
    'Thomas', 'Moore', 'Martin', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson',
    'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Hill', 'Green', 'Adams', 'Baker',
    'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards',
    'Collins', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Rogers', 'Reed', 'Bailey', 'Bell', 'Cooper',
    'Ruiz', 'Garcia', 'Nguyen', 'Kim', 'Patel', 'Chen', 'Okafor', 'Cohen', "O'Brien", 'MacLeod',
  ],
}; // prettier-ignore
const GERMAN: NameSet = {
  first: ['Lukas', 'Anna', 'Felix', 'Lena', 'Jonas', 'Laura', 'Maximilian', 'Julia', 'Tobias', 'Katrin', 'Stefan', 'Sabine', 'Jürgen', 'Claudia', 'Matthias', 'Sophie', 'Florian', 'Miriam'],
  last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Vogel', 'Krüger'],
}; // prettier-ignore
const FRENCH: NameSet = {
  first: ['Camille', 'Louis', 'Léa', 'Hugo', 'Chloé', 'Lucas', 'Manon', 'Nicolas', 'Élodie', 'Julien', 'Céline', 'Antoine', 'Sophie', 'Mathieu'],
  last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Lefèvre', 'Girard', 'Fournier', 'Lambert'],
}; // prettier-ignore
const DUTCH_NORDIC: NameSet = {
  first: ['Daan', 'Emma', 'Sem', 'Sanne', 'Lars', 'Ingrid', 'Erik', 'Astrid', 'Johan', 'Freya', 'Pieter', 'Maartje', 'Nils', 'Sofie'],
  last: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Lindqvist', 'Berg', 'Smit', 'Mulder'],
}; // prettier-ignore
const SOUTHERN: NameSet = {
  first: ['Lucía', 'Hugo', 'María', 'Pablo', 'Carmen', 'Javier', 'Giulia', 'Marco', 'Francesca', 'Luca', 'Sofía', 'Diego', 'Alessandro', 'Elena', 'Mateus', 'Beatriz', 'Rafael', 'Camila'],
  last: ['García', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Silva', 'Santos', 'Oliveira', 'Souza', 'Pereira', 'Hernández', 'Romano', 'Costa'],
}; // prettier-ignore
const POLISH: NameSet = {
  first: ['Jakub', 'Zuzanna', 'Piotr', 'Agnieszka', 'Tomasz', 'Katarzyna', 'Michał', 'Magdalena'],
  last: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński'],
}; // prettier-ignore
const INDIAN: NameSet = {
  first: ['Aarav', 'Priya', 'Rohan', 'Ananya', 'Vikram', 'Divya', 'Arjun', 'Sneha', 'Rahul', 'Kavya', 'Siddharth', 'Neha', 'Aditya', 'Pooja'],
  last: ['Sharma', 'Patel', 'Singh', 'Kumar', 'Gupta', 'Reddy', 'Iyer', 'Nair', 'Mehta', 'Natarajan', 'Rao', 'Joshi', 'Menon', 'Desai'],
}; // prettier-ignore
const JAPANESE: NameSet = {
  first: ['Haruto', 'Yui', 'Sota', 'Aoi', 'Ren', 'Hina', 'Kenji', 'Yuki', 'Takashi', 'Mei', 'Daiki', 'Sakura'],
  last: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato'],
}; // prettier-ignore
const CHINESE: NameSet = {
  first: ['Wei', 'Xin', 'Jun', 'Li', 'Hui', 'Ming', 'Jia', 'Kai', 'Ying', 'Hao', 'Rachel', 'Daniel'],
  last: ['Tan', 'Lim', 'Lee', 'Ng', 'Wong', 'Chen', 'Goh', 'Chua', 'Teo', 'Ong'],
}; // prettier-ignore
const OTHER: NameSet = {
  first: ['Noa', 'Yosef', 'Omar', 'Layla', 'Thabo', 'Naledi', 'Ahmed', 'Fatima', 'Ariel', 'Tamar'],
  last: ['Levi', 'Mizrahi', 'Haddad', 'Khalil', 'Nkosi', 'Dlamini', 'Al-Farsi', 'Mansour', 'Friedman', 'Botha'],
}; // prettier-ignore

const NAMES_BY_COUNTRY: Record<string, NameSet> = {
  DE: GERMAN,
  CH: GERMAN,
  FR: FRENCH,
  NL: DUTCH_NORDIC,
  SE: DUTCH_NORDIC,
  ES: SOUTHERN,
  IT: SOUTHERN,
  BR: SOUTHERN,
  MX: SOUTHERN,
  PL: POLISH,
  IN: INDIAN,
  JP: JAPANESE,
  SG: CHINESE,
  IL: OTHER,
  AE: OTHER,
  ZA: OTHER,
};
const MIXED = [ANGLO, ANGLO, INDIAN, CHINESE, SOUTHERN, GERMAN];

/** How people type their country into a form: mostly the name, sometimes a code or a local name. */
const COUNTRY_SPELLINGS: Record<string, string[]> = {
  US: ['United States', 'US', 'USA', 'United States of America', 'U.S.'],
  GB: ['United Kingdom', 'UK', 'GB', 'England', 'Great Britain'],
  DE: ['Germany', 'DE', 'Deutschland'],
  FR: ['France', 'FR'],
  NL: ['Netherlands', 'NL', 'Holland', 'The Netherlands'],
  ES: ['Spain', 'España', 'ES'],
  BR: ['Brazil', 'Brasil', 'BR'],
  IN: ['India', 'IN'],
  JP: ['Japan', 'JP'],
  CA: ['Canada', 'CA'],
  AU: ['Australia', 'AU'],
  SG: ['Singapore', 'SG'],
  CH: ['Switzerland', 'Schweiz', 'CH'],
  IT: ['Italy', 'Italia', 'IT'],
  SE: ['Sweden', 'Sverige', 'SE'],
  MX: ['Mexico', 'México', 'MX'],
  AE: ['United Arab Emirates', 'UAE', 'AE'],
  IE: ['Ireland', 'IE'],
  PL: ['Poland', 'Polska', 'PL'],
  ZA: ['South Africa', 'ZA'],
  IL: ['Israel', 'IL'],
};

const DIAL_CODE: Record<string, string> = {
  US: '+1', CA: '+1', GB: '+44', IE: '+353', DE: '+49', FR: '+33', NL: '+31', SE: '+46', ES: '+34',
  IT: '+39', PL: '+48', CH: '+41', AU: '+61', SG: '+65', JP: '+81', IN: '+91', BR: '+55', MX: '+52',
  ZA: '+27', AE: '+971', IL: '+972',
}; // prettier-ignore

type Fn = Exclude<JobFunction, 'executive'>;

const TITLES: Record<Fn, Record<Seniority, string[]>> = {
  marketing: {
    c_level: ['CMO', 'Chief Marketing Officer', 'Chief Growth Officer'],
    vp: ['VP Marketing', 'VP of Demand Generation', 'Head of Marketing', 'Head of Growth', 'SVP, Marketing', 'Vice President of Marketing'],
    director: ['Director of Marketing', 'Marketing Director', 'Director, Demand Generation', 'Sr. Director, Product Marketing', 'Director of Growth Marketing', 'Director of Marketing Operations'],
    manager: ['Marketing Manager', 'Demand Generation Manager', 'Marketing Operations Manager', 'Product Marketing Manager', 'Content Marketing Manager', 'Growth Marketing Manager', 'Field Marketing Manager', 'Mktg Ops Manager'],
    individual_contributor: ['Marketing Specialist', 'Marketing Coordinator', 'Digital Marketing Specialist', 'Marketing Operations Analyst', 'SEO Specialist', 'Marketing Associate', 'Email Marketing Specialist', 'Growth Marketer'],
  },
  sales: {
    c_level: ['Chief Revenue Officer', 'CRO', 'Chief Sales Officer'],
    vp: ['VP Sales', 'VP of Sales', 'Head of Sales', 'SVP Sales', 'Head of Business Development', 'VP Sales Operations'],
    director: ['Sales Director', 'Director of Sales', 'Regional Sales Director', 'Director, Sales Development', 'Director of Business Development', 'Director of Sales Operations'],
    manager: ['Sales Manager', 'SDR Manager', 'Account Manager', 'Regional Sales Manager', 'Inside Sales Manager', 'Customer Success Manager', 'Sales Operations Manager'],
    individual_contributor: ['Account Executive', 'Sales Development Representative', 'Business Development Representative', 'Senior Account Executive', 'Sales Representative', 'Customer Success Associate'],
  },
  operations: {
    c_level: ['COO', 'Chief Operating Officer'],
    vp: ['VP Revenue Operations', 'Head of RevOps', 'VP Operations', 'Head of Operations'],
    director: ['Director of Revenue Operations', 'Director, Business Operations', 'Operations Director', 'Sr. Director, RevOps'],
    manager: ['Revenue Operations Manager', 'Operations Manager', 'RevOps Manager', 'Business Operations Manager'],
    individual_contributor: ['Revenue Operations Analyst', 'Operations Analyst', 'Business Analyst', 'RevOps Specialist', 'Operations Associate'],
  },
  engineering: {
    c_level: ['CTO', 'Chief Technology Officer', 'Co-founder & CTO', 'Chief Product Officer'],
    vp: ['VP Engineering', 'Head of Engineering', 'VP of Product', 'Head of Data'],
    director: ['Director of Engineering', 'Engineering Director', 'Director of Product Management', 'Director, Data Engineering'],
    manager: ['Engineering Manager', 'Product Manager', 'Senior Product Manager', 'Data Engineering Manager', 'Team Lead, Platform'],
    individual_contributor: ['Software Engineer', 'Senior Software Engineer', 'Data Engineer', 'Full Stack Developer', 'Data Analyst', 'Frontend Developer', 'Staff Engineer', 'Product Designer'],
  },
  it: {
    c_level: ['CIO', 'Chief Information Officer', 'CISO'],
    vp: ['VP of IT', 'Head of IT'],
    director: ['IT Director', 'Director of Information Technology'],
    manager: ['IT Manager', 'Systems Manager'],
    individual_contributor: ['Systems Administrator', 'IT Specialist', 'Network Engineer', 'Help Desk Analyst'],
  },
  finance: {
    c_level: ['CFO', 'Chief Financial Officer'],
    vp: ['VP Finance', 'Head of Finance'],
    director: ['Finance Director', 'Director of FP&A'],
    manager: ['Finance Manager', 'Controller'],
    individual_contributor: ['Financial Analyst', 'Accountant', 'FP&A Analyst'],
  },
  other: {
    c_level: ['Chief People Officer', 'General Counsel'],
    vp: ['VP People', 'Head of HR'],
    director: ['HR Director', 'Director of Customer Support'],
    manager: ['HR Manager', 'Office Manager', 'Support Team Lead'],
    individual_contributor: ['Recruiter', 'Student', 'Intern', 'Consultant', 'Researcher', 'Executive Assistant to the CEO', 'Teacher', 'Freelancer', 'Support Specialist'],
  },
}; // prettier-ignore

/** The company's top person: founders and CEOs, more of them the smaller the company. */
const HEAD_TITLES = [
  'CEO',
  'Founder & CEO',
  'Co-Founder',
  'Owner',
  'President',
  'Managing Director',
  'Founder',
];

/** Who from a vendor-evaluating company fills in forms: marketers first, then sales and RevOps. */
const FUNCTION = new Weighted<Fn>([
  ['marketing', 34],
  ['sales', 21],
  ['operations', 12],
  ['engineering', 12],
  ['it', 6],
  ['finance', 4],
  ['other', 11],
]);

function seniorityFor(employees: number): Weighted<Seniority> {
  if (employees <= 10)
    return new Weighted([['c_level', 34], ['vp', 5], ['director', 6], ['manager', 15], ['individual_contributor', 40]]); // prettier-ignore
  if (employees <= 200)
    return new Weighted([['c_level', 9], ['vp', 10], ['director', 15], ['manager', 26], ['individual_contributor', 40]]); // prettier-ignore
  return new Weighted([['c_level', 2], ['vp', 7], ['director', 15], ['manager', 28], ['individual_contributor', 48]]); // prettier-ignore
}
const SENIORITY_SMALL = seniorityFor(5);
const SENIORITY_MID = seniorityFor(100);
const SENIORITY_LARGE = seniorityFor(1000);

function titleFor(
  r: Random,
  employees: number,
): { title: string; seniority: Seniority; jobFunction: JobFunction } {
  const seniority = (
    employees <= 10 ? SENIORITY_SMALL : employees <= 200 ? SENIORITY_MID : SENIORITY_LARGE
  ).draw(r);
  if (seniority === 'c_level' && chance(r, employees <= 200 ? 0.75 : 0.4)) {
    return { title: pick(r, HEAD_TITLES), seniority, jobFunction: 'executive' };
  }
  const jobFunction = FUNCTION.draw(r);
  return { title: pick(r, TITLES[jobFunction][seniority]), seniority, jobFunction };
}

const FREE_MAIL = new Weighted<string>([
  ['gmail.com', 62],
  ['yahoo.com', 10],
  ['outlook.com', 9],
  ['hotmail.com', 7],
  ['icloud.com', 5],
  ['aol.com', 1],
  ['proton.me', 2],
  ['gmx.de', 2],
  ['yahoo.co.uk', 2],
]);

/** Lower case, accents dropped, only letters: "Schröder" → "schroder", "O'Brien" → "obrien". */
const ascii = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');

function businessEmail(r: Random, first: string, last: string, domain: string): string {
  const f = ascii(first);
  const l = ascii(last);
  const x = r.next();
  const local =
    x < 0.45 ? `${f}.${l}` : x < 0.62 ? f : x < 0.82 ? `${f[0]}${l}` : x < 0.9 ? `${f}${l[0]}` : `${f}_${l}`;
  return `${local}@${domain}`;
}

function freeEmail(r: Random, first: string, last: string): string {
  const f = ascii(first);
  const l = ascii(last);
  const n = chance(r, 0.7) ? String(integer(r, 1955, 2004)) : String(integer(r, 1, 999));
  const local = chance(r, 0.6) ? `${f}.${l}${n}` : `${f}${l}${n}`;
  return `${local}@${FREE_MAIL.draw(r)}`;
}

/**
 * A person at `account`. Who uses free mail: most people at tiny companies, some everywhere (a
 * personal address typed into a gated-content form), and nearly every student and freelancer.
 */
export function personAt(r: Random, account: Account): Person {
  const names =
    NAMES_BY_COUNTRY[account.country] ??
    (['US', 'CA', 'GB', 'AU'].includes(account.country) && chance(r, 0.3) ? pick(r, MIXED) : ANGLO);
  const firstName = pick(r, names.first);
  const lastName = pick(r, names.last);
  const truth = titleFor(r, account.employees);
  let title: string | null = truth.title;
  const isStudentLike = /Student|Freelancer|Intern|Teacher/.test(title);
  const freeShare = isStudentLike
    ? 0.9
    : account.employees <= 10
      ? 0.55
      : account.employees <= 50
        ? 0.2
        : 0.09;
  const isFreeEmail = chance(r, freeShare);
  // Forms leave fields optional: some people skip the title, some type it in lower case.
  if (chance(r, 0.07)) title = null;
  else if (chance(r, 0.08)) title = title.toLowerCase();
  const country = chance(r, 0.88) ? account.country : account.country === 'US' ? 'CA' : 'US';
  return {
    firstName,
    lastName,
    title,
    seniority: truth.seniority,
    jobFunction: truth.jobFunction,
    email: isFreeEmail
      ? freeEmail(r, firstName, lastName)
      : businessEmail(r, firstName, lastName, account.domain),
    isFreeEmail,
    phone: chance(r, 0.35) ? phoneFor(r, country) : null,
    countryAsTyped: pick(r, COUNTRY_SPELLINGS[country] ?? [country]),
    country,
  };
}

function phoneFor(r: Random, country: string): string {
  const digits = Array.from({ length: 9 }, () => integer(r, 0, 9)).join('');
  return `${DIAL_CODE[country] ?? '+1'} ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
