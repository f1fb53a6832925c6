// Free-text job titles ("Sr. Director, Demand Gen") → the function and seniority fit rules look at.
import type { Seniority, TitleFunction } from './lead-profile.js';

export interface NormalizedTitle {
  function: TitleFunction;
  seniority: Seniority;
}

/*
 * How a title is read, in order:
 * 1. Clean-up: lower case, accents dropped, punctuation to spaces, `&` → "and", and the usual
 *    abbreviations expanded (Sr → senior, Eng → engineering, Ops → operations, Mktg → marketing,
 *    RevOps → revenue operations, Co-founder → cofounder, V.P. → vp, …).
 * 2. Function: keyword rules are tried in the order below; each phrase found is taken out of the
 *    title so that a shorter keyword inside it cannot match again ("product marketing" is
 *    marketing, not product; "revenue operations" is operations, not revenue/sales). Of the
 *    phrases found, the highest tier wins, and within a tier the one written first:
 *      0. a functional C-title (CMO → marketing, CRO → sales, CTO → engineering, CIO/CISO → it,
 *         CFO → finance, COO → operations, CHRO/CLO → other), so "Co-founder & CTO" is engineering;
 *      1. the head of the company (CEO, founder, owner, president, managing director, partner)
 *         → executive, so "Founder & Head of Growth" is executive;
 *      2. a department (marketing, sales, engineering, it, finance, or HR/legal → other), so the
 *         qualifier of an operations title wins: "Director of Engineering Operations" is
 *         engineering, "Marketing Ops Manager" is marketing, "Sales Operations" is sales;
 *      3. a general manager, chief of staff or executive director → executive, unless a
 *         department is named ("General Manager, EMEA Sales" is sales);
 *      4. plain operations (operations, RevOps, BizOps, supply chain, projects, support).
 *    Product management and design count as engineering (R&D); customer success, partnerships
 *    and account management as sales; DevOps/SRE as engineering, but systems, networks, help desk
 *    and security as it. Nothing recognised → other.
 * 3. Seniority: the highest level any keyword names wins: c_level (chief, C-titles, founder,
 *    owner, president, managing director/partner, board) > vp (VP, SVP, vice president, head of)
 *    > director (director, general manager, chief of staff) > manager (manager, team lead, a
 *    trailing "Lead", controller, supervisor) > individual_contributor. "Head of" is vp: it names
 *    the top of a function. "Manager" is manager even for account/product managers, as the data
 *    vendors do. Interns, students and assistants to an executive are always individual
 *    contributors ("Executive Assistant to the CEO" is other, individual_contributor).
 * Spanish, Portuguese, French and German words for the common titles are understood
 * ("Gerente de Marketing", "Directeur commercial", "Geschäftsführer").
 */

/** Abbreviations expanded before matching; keys are whole tokens after clean-up. */
const EXPANSIONS: Record<string, string> = {
  sr: 'senior',
  snr: 'senior',
  jr: 'junior',
  mgr: 'manager',
  mngr: 'manager',
  dir: 'director',
  eng: 'engineering',
  engg: 'engineering',
  engr: 'engineer',
  dev: 'developer',
  mktg: 'marketing',
  mkt: 'marketing',
  mkting: 'marketing',
  ops: 'operations',
  revops: 'revenue operations',
  bizops: 'business operations',
  salesops: 'sales operations',
  mops: 'marketing operations',
  bizdev: 'business development',
  exec: 'executive',
  acct: 'account',
  asst: 'assistant',
  swe: 'software engineer',
  sde: 'software engineer',
  fullstack: 'full stack',
  vicepresident: 'vice president',
};

function cleanTitle(title: string): string {
  const spaced = title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/&/g, ' and ')
    .replace(/\bv\.\s?p\.?/g, ' vp ')
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\bco founder/g, 'cofounder')
    .replace(/\bfp and a\b/g, 'fpa');
  return spaced
    .split(' ')
    .filter((token) => token !== '')
    .map((token) => EXPANSIONS[token] ?? token)
    .join(' ');
}

/** Tier of a function keyword; lower wins (see the module comment). */
const Tier = { CTitle: 0, Head: 1, Department: 2, WeakHead: 3, Operations: 4 } as const;
type Tier = (typeof Tier)[keyof typeof Tier];

interface FunctionRule {
  pattern: RegExp;
  function: TitleFunction;
  tier: Tier;
}

/** Whole-word alternatives. */
const words = (alternatives: string, flags = ''): RegExp => new RegExp(`\\b(?:${alternatives})\\b`, flags);
/** A function rule's pattern: global, because every match is found and then blanked out. */
const rule = (alternatives: string): RegExp => words(alternatives, 'g');

// Exceptions first: an "owner" of a product/process is not the owner of the company.
const OWNER =
  '(?<!\\b(?:product|process|account|data|content|system|systems|service|budget|project|program|channel|platform|application|app|business process) )owner';
const PRESIDENT = '(?<!\\bvice )president(?:e|a)?';
// "CRO Manager" is conversion-rate optimisation (marketing), not a Chief Revenue Officer.
const CRO_MARKETING =
  'cro(?= (?:manager|specialist|analyst|lead|consultant|expert|strategist|marketer|executive))';

const FUNCTION_RULES: FunctionRule[] = [
  { pattern: rule(CRO_MARKETING), function: 'marketing', tier: Tier.Department },
  {
    pattern: rule('chief (?:marketing|growth|brand|digital marketing) officer|cmo'),
    function: 'marketing',
    tier: Tier.CTitle,
  },
  {
    pattern: rule('chief (?:revenue|sales|commercial|customer|business) officer|cro'),
    function: 'sales',
    tier: Tier.CTitle,
  },
  {
    pattern: rule(
      'chief (?:technology|technical|product|product and technology|engineering|science|scientific) officer|cto',
    ),
    function: 'engineering',
    tier: Tier.CTitle,
  },
  {
    pattern: rule(
      'chief (?:information security|information|security|data|digital|cybersecurity) officer|ciso|cio',
    ),
    function: 'it',
    tier: Tier.CTitle,
  },
  {
    pattern: rule('chief (?:financial|finance|accounting) officer|cfo'),
    function: 'finance',
    tier: Tier.CTitle,
  },
  {
    pattern: rule('chief (?:operating|operations|operational) officer|coo'),
    function: 'operations',
    tier: Tier.CTitle,
  },
  {
    pattern: rule(
      'chief (?:people|human resources|hr|legal|talent|compliance) officer|chro|clo|general counsel',
    ),
    function: 'other',
    tier: Tier.CTitle,
  },
  {
    pattern: rule(
      `chief executive officer|ceo|cofounder|founder|${OWNER}|${PRESIDENT}|managing (?:director|partner)|general partner|founding partner|chairman|chairwoman|chairperson|board member|proprietor|entrepreneur|self employed|(?:directeur|directrice|director|directora|diretor|diretora) (?:general|generale|geral)|gerente general|geschaftsfuhrer(?:in)?|^partner$`,
    ),
    function: 'executive',
    tier: Tier.Head,
  },
  {
    pattern: rule('general manager|gm|chief of staff|executive director'),
    function: 'executive',
    tier: Tier.WeakHead,
  },
  {
    pattern: rule('technical writer|product owner|product manager'),
    function: 'engineering',
    tier: Tier.Department,
  },
  {
    pattern: rule('revenue (?:accounting|accountant|recognition)'),
    function: 'finance',
    tier: Tier.Department,
  },
  { pattern: rule('revenue operations|business operations'), function: 'operations', tier: Tier.Operations },
  {
    pattern: rule(
      'human resources|people operations|people and culture|hr|talent acquisition|talent|recruiter|recruiting|recruitment|legal|counsel|lawyer|attorney|paralegal',
    ),
    function: 'other',
    tier: Tier.Department,
  },
  {
    pattern: rule(
      'product marketing|partner marketing|revenue marketing|field marketing|marketing operations|marketing technology|martech|market research|marketing|marketer|mercadeo|mercadotecnia|growth|demand gen(?:eration)?|lead gen(?:eration)?|brand(?:ing)?|content|copywriter|copywriting|writer|editor|seo|sem|ppc|paid (?:media|search|social)|social media|communications?|comms|public relations|pr|events?|campaigns?|creative|art director|graphic design(?:er)?|designer|community|abm|advertising|media|e ?commerce',
    ),
    function: 'marketing',
    tier: Tier.Department,
  },
  {
    pattern: rule(
      'sales|account executive|ae|sdr|bdr|business development|business developer|bd|account manager|account management|account director|key account|client partner|revenue|customer success|client success|csm|partnerships?|partner|alliances?|channel|ventas|vendas|comercial|commercial|vertrieb\\w*|verkauf|presales|pre sales|solutions? consultant|ejecutivo de cuentas',
    ),
    function: 'sales',
    tier: Tier.Department,
  },
  {
    pattern: rule(
      'information technology|information systems|information security|it|ti|sysadmin|sys admin|systems? administrator|systems? engineer|network\\w*|helpdesk|help desk|service desk|desktop support|technical support|it support|support engineer|infrastructure|security|cybersecurity|infosec|dba|database administrator|informatique|informatica|sistemas|tecnologia',
    ),
    function: 'it',
    tier: Tier.Department,
  },
  {
    pattern: rule(
      'finance|financial|finanzas|financas|finances|financeiro|fpa|accountant|accounting|accounts (?:payable|receivable)|controller|comptroller|controlling|treasurer|treasury|tax|audit|auditor|bookkeeper|bookkeeping|payroll|billing|contador|contadora|contable|contabilidad|comptable|investor relations',
    ),
    function: 'finance',
    tier: Tier.Department,
  },
  {
    pattern: rule(
      'engineering|engineers?|ingenieur|ingeniero|ingeniera|engenheiro|developers?|desarrollador|developpeur|programmer|programador|software|architect|qa|quality assurance|tester|test|devops|sre|site reliability|platform|data scientist|data science|scientist|data engineer|machine learning|ml|ai|research|r and d|frontend|front end|backend|back end|full stack|mobile|ios|android|product management|product designer|product|ux|ui|user experience|technology|tech',
    ),
    function: 'engineering',
    tier: Tier.Department,
  },
  {
    pattern: rule(
      'operations?|operating|operaciones|operacoes|logistics|supply chain|procurement|purchasing|facilities|project manager|project management|program manager|programme manager|pmo|projects?|programs?|customer support|customer service|support|office manager|administrator|administration',
    ),
    function: 'operations',
    tier: Tier.Operations,
  },
];

const C_LEVEL = words(
  `chief(?! of staff)|ceo|cto|cfo|cmo|(?!${CRO_MARKETING})cro|coo|cio|ciso|chro|cpo|cdo|cso|cco|cxo|cbo|clo|cofounder|founder|${OWNER}|${PRESIDENT}|managing (?:director|partner)|general partner|founding partner|chairman|chairwoman|chairperson|board member|proprietor|entrepreneur|self employed|(?:directeur|directrice|director|directora|diretor|diretora) (?:general|generale|geral)|gerente general|geschaftsfuhrer(?:in)?|^partner$`,
);
const EXECUTIVE_DIRECTOR = words('executive director');
const VP = words('vp|svp|evp|avp|gvp|rvp|vice president(?:e|a)?|vicepresident[ea]|head');
const DIRECTOR = words(
  'directors?|directora|directeur|directrice|diretor|diretora|direktor(?:in)?|general manager|gm|chief of staff',
);
const MANAGER = new RegExp(
  `${words('managers?|gerente|responsable|jefe|jefa|supervisor|superintendent|team lead(?:er)?|leader|controller|comptroller').source}|\\blead$|leiter(?:in)?\\b`,
);
const ALWAYS_INDIVIDUAL = words(
  'intern|internship|student|trainee|apprentice|werkstudent|praktikant(?:in)?|estagiari[oa]|stagiaire|becari[oa]|pasante',
);
const ASSISTANT_TO_EXECUTIVE = words('(?:executive|personal|administrative) assistant|assistant to|ea to');

function titleFunction(title: string): TitleFunction {
  let rest = title;
  let best: { tier: Tier; index: number; function: TitleFunction } | null = null;
  for (const { pattern, function: fn, tier } of FUNCTION_RULES) {
    for (const match of rest.matchAll(pattern)) {
      if (best === null || tier < best.tier || (tier === best.tier && match.index < best.index)) {
        best = { tier, index: match.index, function: fn };
      }
    }
    rest = rest.replace(pattern, (match) => ' '.repeat(match.length));
  }
  return best?.function ?? 'other';
}

function titleSeniority(title: string, fn: TitleFunction): Seniority {
  if (ALWAYS_INDIVIDUAL.test(title)) return 'individual_contributor';
  if (C_LEVEL.test(title)) return 'c_level';
  // An executive director runs a non-profit; "Executive Director, Marketing" is a senior director.
  if (EXECUTIVE_DIRECTOR.test(title)) return fn === 'executive' ? 'c_level' : 'director';
  if (VP.test(title)) return 'vp';
  if (DIRECTOR.test(title)) return 'director';
  if (MANAGER.test(title)) return 'manager';
  return 'individual_contributor';
}

/** A job title's function and seniority; null when there is no title. See the rules above. */
export function normalizeTitle(title: string | null | undefined): NormalizedTitle | null {
  if (typeof title !== 'string') return null;
  // Titles repeat (an import of a million leads has a few thousand distinct ones): each is read once.
  let known = TITLES_SEEN.get(title);
  if (known === undefined) {
    if (TITLES_SEEN.size >= TITLES_REMEMBERED) TITLES_SEEN.clear();
    known = readTitle(title);
    TITLES_SEEN.set(title, known);
  }
  return known;
}

const TITLES_REMEMBERED = 20_000;
const TITLES_SEEN = new Map<string, Readonly<NormalizedTitle> | null>();

function readTitle(title: string): Readonly<NormalizedTitle> | null {
  const cleaned = cleanTitle(title);
  if (cleaned === '') return null;
  if (ASSISTANT_TO_EXECUTIVE.test(cleaned))
    return Object.freeze({ function: 'other', seniority: 'individual_contributor' });
  const fn = titleFunction(cleaned);
  return Object.freeze({ function: fn, seniority: titleSeniority(cleaned, fn) });
}
