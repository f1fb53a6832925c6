// Import presets: a real export's columns and value conventions, mapped once so a person imports
// the file as it comes out of HubSpot, Salesforce or a public dataset with no hand mapping. A preset
// reads one export; for each kind it can import from that export it names the columns (with the
// spellings the export's versions use), how values are read and how the CRM's wording translates.
// A saved custom mapping is used the same way (system `custom`). The built-in presets themselves are
// in import-presets-crm.ts and import-presets-datasets.ts. Pure: no I/O.
import { IMPORT_FIELDS, type ImportKind } from './import-fields.js';
import { type ImportMapping, type ValueOptions, guessMapping } from './import-mapping.js';
import { CRM_PRESETS } from './import-presets-crm.js';
import { mavenPipeline, olistClosedDeals, olistMql } from './import-presets-datasets.js';

export const PRESET_SYSTEMS = ['HubSpot', 'Salesforce', 'Olist', 'Maven', 'custom'] as const;
export type PresetSystem = (typeof PRESET_SYSTEMS)[number];

/** What a preset maps for one kind. */
export interface PresetKind {
  kind: ImportKind;
  /** Target field ← the export's column; alternatives in order (the spellings of its versions). */
  columns: Record<string, string | readonly string[]>;
  options?: ValueOptions;
  values?: ImportMapping['values'];
  constants?: ImportMapping['constants'];
  scale?: ImportMapping['scale'];
  /**
   * The header columns that identify the export (each one, or one of its alternatives, present):
   * how the preset is recognised when none is named. Empty: never recognised on its own.
   */
  signature: readonly (string | readonly string[])[];
  /** The file of a dataset this kind is read from (datasets: several files, one per kind). */
  file?: string;
}

export interface ImportPreset {
  name: string;
  system: PresetSystem;
  /** The export it reads, in the words of the system's menus. */
  reads: string;
  kinds: readonly PresetKind[];
}

/** Every built-in preset, in the order `tandem import presets` lists them. */
export const IMPORT_PRESETS: readonly ImportPreset[] = [
  ...CRM_PRESETS,
  olistMql,
  olistClosedDeals,
  mavenPipeline,
];

/** A public dataset loaded in one command: its files, each through its preset, in an order that joins. */
export interface ImportDataset {
  name: string;
  reads: string;
  steps: readonly {
    preset: string;
    kind: ImportKind;
    file: string;
    /** Rows the file is known to hold that Tandem refuses (listed in the error report): the error limit allows them. */
    knownRejected?: number;
  }[];
}

const stepsOf = (...parts: [ImportPreset, ImportKind][]) =>
  parts.map(([preset, kind]) => ({ preset: preset.name, kind, file: presetKind(preset, kind)!.file! }));

export const IMPORT_DATASETS: readonly ImportDataset[] = [
  {
    name: 'olist',
    reads: 'Olist marketing funnel: the MQLs, then the deals they closed',
    steps: stepsOf([olistMql, 'leads'], [olistClosedDeals, 'opportunities']),
  },
  {
    name: 'maven',
    reads: 'Maven Analytics CRM Sales Opportunities: the accounts, the sales teams, then the pipeline',
    // 1,425 open deals of sales_pipeline.csv name no account, and a deal belongs to one: they are refused.
    steps: stepsOf(
      [mavenPipeline, 'accounts'],
      [mavenPipeline, 'reps'],
      [mavenPipeline, 'opportunities'],
    ).map((s) => (s.kind === 'opportunities' ? { ...s, knownRejected: 1425 } : s)),
  },
];

/**
 * The dataset a folder holds, by name (or one of its presets' names), else by its files (every
 * file of exactly one dataset present); null when none or several fit.
 */
export function findDataset(name: string | null, files: readonly string[]): ImportDataset | null {
  if (name) {
    return IMPORT_DATASETS.find((d) => d.name === name || d.steps.some((s) => s.preset === name)) ?? null;
  }
  const fits = IMPORT_DATASETS.filter((d) => d.steps.every((s) => files.includes(s.file)));
  return fits.length === 1 ? fits[0]! : null;
}

export function builtInPreset(name: string): ImportPreset | null {
  return IMPORT_PRESETS.find((p) => p.name === name) ?? null;
}

/** A saved custom mapping as a preset of one kind (it maps exactly the columns it names). */
export function customPreset(saved: {
  name: string;
  kind: ImportKind;
  description: string | null;
  mapping: ImportMapping;
}): ImportPreset {
  return {
    name: saved.name,
    system: 'custom',
    reads: saved.description ?? 'a custom mapping saved in this workspace',
    kinds: [
      {
        kind: saved.kind,
        columns: saved.mapping.fields,
        ...(saved.mapping.options ? { options: saved.mapping.options } : {}),
        ...(saved.mapping.values ? { values: saved.mapping.values } : {}),
        ...(saved.mapping.constants ? { constants: saved.mapping.constants } : {}),
        ...(saved.mapping.scale ? { scale: saved.mapping.scale } : {}),
        signature: [],
      },
    ],
  };
}

const norm = (s: string) => s.trim().toLowerCase();

/** The header that is one of the alternatives (compared trimmed, case-insensitively), else null. */
function findHeader(headers: readonly string[], spelled: string | readonly string[]): string | null {
  const wanted = (typeof spelled === 'string' ? [spelled] : spelled).map(norm);
  for (const w of wanted) {
    const found = headers.find((h) => norm(h) === w);
    if (found !== undefined) return found;
  }
  return null;
}

/**
 * The preset's mapping for this file: each field bound to the column the file has (the first of its
 * spellings present); a field whose column the export left out is not mapped, so an export with
 * fewer columns still imports (a missing required column is reported by checkMapping).
 */
export function presetMapping(p: PresetKind, headers: readonly string[]): ImportMapping {
  const fields: Record<string, string> = {};
  for (const [field, spelled] of Object.entries(p.columns)) {
    const header = findHeader(headers, spelled);
    if (header !== null) fields[field] = header;
  }
  const keep = <T>(table: Record<string, T> | undefined) =>
    table ? Object.fromEntries(Object.entries(table).filter(([f]) => f in fields)) : undefined;
  const values = keep(p.values);
  const scale = keep(p.scale);
  return {
    fields,
    ...(p.options ? { options: p.options } : {}),
    ...(values && Object.keys(values).length > 0 ? { values } : {}),
    ...(p.constants ? { constants: p.constants } : {}),
    ...(scale && Object.keys(scale).length > 0 ? { scale } : {}),
  };
}

/** The preset's part for a kind, or null when it does not import that kind. */
export function presetKind(preset: ImportPreset, kind: ImportKind): PresetKind | null {
  return preset.kinds.find((k) => k.kind === kind) ?? null;
}

/** Does the file's header row carry every column of the preset's signature? */
function matchesSignature(p: PresetKind, headers: readonly string[]): boolean {
  return p.signature.length > 0 && p.signature.every((s) => findHeader(headers, s) !== null);
}

export type Detection = { preset: ImportPreset; part: PresetKind } | { preset: null; candidates: string[] };

/**
 * The preset whose export this header row is, for this kind: found when exactly one preset's
 * signature matches. Several matching is ambiguous (no preset, and their names); none, none.
 */
export function detectPreset(
  kind: ImportKind,
  headers: readonly string[],
  presets: readonly ImportPreset[] = IMPORT_PRESETS,
): Detection {
  const found = presets.flatMap((preset) => {
    const part = presetKind(preset, kind);
    return part && matchesSignature(part, headers) ? [{ preset, part }] : [];
  });
  if (found.length === 1) return found[0]!;
  return { preset: null, candidates: found.map((f) => f.preset.name) };
}

/** How an import's mapping was chosen: by hand, a named preset, a detected preset, or the headers' names. */
export type MappingSource = 'mapping' | 'preset' | 'detected' | 'guessed';

export interface ChosenMapping {
  mapping: ImportMapping;
  /** The preset used (named or detected), else null. */
  preset: string | null;
  source: MappingSource;
  /** What a person should know about the choice (an ambiguous header row), else null. */
  note: string | null;
}

/**
 * The mapping an import of this file uses: the hand mapping when given, else the named preset's,
 * else the preset the header row is recognised as, else a guess from the headers' names. A named
 * preset that does not import the kind is a problem (a string), not a mapping.
 */
export function chooseMapping(
  kind: ImportKind,
  headers: readonly string[],
  choice: { mapping?: ImportMapping; preset?: ImportPreset; presets?: readonly ImportPreset[] },
): ChosenMapping | { problem: string } {
  if (choice.mapping) return { mapping: choice.mapping, preset: null, source: 'mapping', note: null };
  if (choice.preset) {
    const part = presetKind(choice.preset, kind);
    if (!part) {
      return {
        problem: `${choice.preset.name} does not import ${kind} (it imports ${presetKinds(choice.preset).join(', ')})`,
      };
    }
    return {
      mapping: presetMapping(part, headers),
      preset: choice.preset.name,
      source: 'preset',
      note: null,
    };
  }
  const detected = detectPreset(kind, headers, choice.presets);
  if (detected.preset) {
    return {
      mapping: presetMapping(detected.part, headers),
      preset: detected.preset.name,
      source: 'detected',
      note: `recognised as ${detected.preset.system} ${detected.preset.name}`,
    };
  }
  return {
    mapping: guessMapping(kind, headers),
    preset: null,
    source: 'guessed',
    note:
      detected.candidates.length > 1
        ? `the header row fits several presets (${detected.candidates.join(', ')}): name one to use it`
        : null,
  };
}

/** The kinds a preset imports, for listings. */
export function presetKinds(preset: ImportPreset): ImportKind[] {
  return preset.kinds.map((k) => k.kind);
}

/** Every field a preset maps exists for its kind (a guard the tests and the saved mappings use). */
export function unknownPresetFields(p: PresetKind): string[] {
  const fields = IMPORT_FIELDS[p.kind] as Record<string, unknown>;
  return [
    ...Object.keys(p.columns),
    ...Object.keys(p.values ?? {}),
    ...Object.keys(p.constants ?? {}),
    ...Object.keys(p.scale ?? {}),
  ].filter((f) => !(f in fields));
}
