// Which mapping the file's columns take: the preset recognised from its header row, any other preset
// or saved mapping that imports this kind, or a guess from the column names. Choosing one fills the
// mapping step with its columns.
import { Field } from '../../components/form.js';
import { Icon } from '../../components/icons.js';
import { type ImportKind, type ImportPreset, useImportPresets } from './imports-api.js';

/** What the server made of the header row on upload. */
export interface Recognised {
  /** The preset recognised, or null. */
  name: string | null;
  /** Why nothing was recognised, when there is a reason (several presets fit). */
  note: string | null;
}

const presetLabel = (p: ImportPreset) => (p.system === 'custom' ? p.name : `${p.system}: ${p.name}`);

export function PresetPicker({
  kind,
  recognised,
  value,
  onChoose,
  disabled,
}: {
  kind: ImportKind;
  recognised: Recognised;
  /** The preset chosen; empty: the guess from the column names. */
  value: string;
  onChoose: (name: string) => void;
  disabled: boolean;
}) {
  const presets = useImportPresets();
  const forKind = (presets.data?.data ?? []).filter((p) => p.kinds.some((k) => k.kind === kind));
  const builtIn = forKind.filter((p) => p.system !== 'custom');
  const saved = forKind.filter((p) => p.system === 'custom');
  const recognisedPreset = forKind.find((p) => p.name === recognised.name);
  return (
    <div className="import-preset">
      <p className="import-preset__recognised" role="status" data-recognised={recognised.name ?? ''}>
        {recognisedPreset ? (
          <>
            <Icon name="check" /> Recognised as <strong>{presetLabel(recognisedPreset)}</strong> (
            {recognisedPreset.reads}): its columns are mapped below.
          </>
        ) : (
          <span className="muted">
            No preset recognised from the header row
            {recognised.note ? ` (${recognised.note})` : ''}: the columns are mapped by their names.
          </span>
        )}
      </p>
      <Field id="import-preset" label="Mapping from">
        <select
          id="import-preset"
          className="select"
          value={value}
          disabled={disabled}
          onChange={(e) => onChoose(e.target.value)}
        >
          <option value="">The column names (a guess)</option>
          <optgroup label="Presets">
            {builtIn.map((p) => (
              <option key={p.name} value={p.name}>
                {presetLabel(p)}
                {p.name === recognised.name ? ' (recognised)' : ''}
              </option>
            ))}
          </optgroup>
          {saved.length > 0 && (
            <optgroup label="Saved mappings">
              {saved.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </Field>
    </div>
  );
}
