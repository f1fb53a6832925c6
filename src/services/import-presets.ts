// Import presets and the custom mappings a workspace saves by name: list them, find one by name
// (a saved mapping is used like a preset), save, and delete.
import { AppError, invalid, notFound } from '../domain/errors.js';
import { IMPORT_FIELDS, type ImportKind } from '../domain/import-fields.js';
import { type ImportMapping } from '../domain/import-mapping.js';
import { IMPORT_PRESETS, type ImportPreset, builtInPreset, customPreset } from '../domain/import-presets.js';
import { type AuditActor, recordAudit } from '../store/audit-log.js';
import {
  type SavedMapping,
  deleteImportMapping,
  getImportMapping,
  listImportMappings,
  upsertImportMapping,
} from '../store/import-mappings.js';
import type { Deps } from './deps.js';

export type { SavedMapping };

/** The built-in presets, then the workspace's saved mappings (as presets of system `custom`). */
export async function listPresets(deps: Deps, workspaceId: string): Promise<ImportPreset[]> {
  const saved = await listImportMappings(deps.db, workspaceId);
  return [...IMPORT_PRESETS, ...saved.map(customPreset)];
}

/**
 * The preset of that name: a built-in one, else the workspace's saved mapping. An unknown name is
 * refused naming `field` (the request's `preset`, the CLI's `--preset`).
 */
export async function findPreset(
  deps: Deps,
  workspaceId: string,
  name: string,
  field = 'preset',
): Promise<ImportPreset> {
  const builtIn = builtInPreset(name);
  if (builtIn) return builtIn;
  const saved = await getImportMapping(deps.db, workspaceId, name);
  if (saved) return customPreset(saved);
  throw invalid(
    field,
    `no preset or saved mapping is named "${name}" (built-in: ${IMPORT_PRESETS.map((p) => p.name).join(', ')})`,
  );
}

export function listSavedMappings(deps: Deps, workspaceId: string): Promise<SavedMapping[]> {
  return listImportMappings(deps.db, workspaceId);
}

/** Every field the mapping names (to map, translate, set or scale) must be a field of the kind. */
function checkFields(kind: ImportKind, mapping: ImportMapping): void {
  const fields = IMPORT_FIELDS[kind] as Record<string, unknown>;
  const errors = (['fields', 'values', 'constants', 'scale'] as const).flatMap((part) =>
    Object.keys(mapping[part] ?? {})
      .filter((f) => !(f in fields))
      .map((f) => ({ field: `mapping.${part}.${f}`, message: `is not a field of ${kind}` })),
  );
  if (errors.length > 0) {
    throw new AppError('validation_failed', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }
}

/** Saves a custom mapping under its name (replacing that name's mapping); a built-in preset's name is taken. */
export async function saveMapping(
  deps: Deps,
  workspaceId: string,
  actor: AuditActor,
  input: { name: string; kind: ImportKind; description?: string | null; mapping: ImportMapping },
): Promise<{ mapping: SavedMapping; created: boolean }> {
  if (builtInPreset(input.name)) throw invalid('name', `"${input.name}" is a built-in preset's name`);
  checkFields(input.kind, input.mapping);
  return deps.db.transaction(async (tx) => {
    const saved = await upsertImportMapping(tx, workspaceId, {
      name: input.name,
      kind: input.kind,
      description: input.description ?? null,
      mapping: input.mapping,
      createdBy: actor.label,
    });
    await recordAudit(
      tx,
      workspaceId,
      actor,
      saved.created ? 'import_mapping.created' : 'import_mapping.updated',
      { type: 'import_mapping', id: saved.mapping.id },
      { name: input.name, kind: input.kind },
    );
    return saved;
  });
}

export async function removeMapping(
  deps: Deps,
  workspaceId: string,
  actor: AuditActor,
  name: string,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const saved = await getImportMapping(tx, workspaceId, name);
    if (!saved || !(await deleteImportMapping(tx, workspaceId, name))) throw notFound('Saved mapping');
    await recordAudit(
      tx,
      workspaceId,
      actor,
      'import_mapping.deleted',
      { type: 'import_mapping', id: saved.id },
      { name },
    );
  });
}
