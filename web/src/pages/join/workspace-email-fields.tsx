// The two fields that say who someone is on this server, as sign-in and forgot-password ask them:
// the workspace (a slug, so no capitals, corrections or spell-checking) and the e-mail address.
import { Field, controlProps } from '../../components/form.js';

export function WorkspaceEmailFields({
  workspace,
  email,
  onChange,
  fieldError,
}: {
  workspace: string;
  email: string;
  onChange: (field: 'workspace' | 'email', value: string) => void;
  fieldError: (field: string) => string | undefined;
}) {
  return (
    <>
      <Field id="workspace" label="Workspace" error={fieldError('workspace')}>
        <input
          className="input"
          {...controlProps('workspace', fieldError('workspace'))}
          value={workspace}
          onChange={(e) => onChange('workspace', e.target.value)}
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
        />
      </Field>
      <Field id="email" label="E-mail" error={fieldError('email')}>
        <input
          className="input"
          {...controlProps('email', fieldError('email'))}
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => onChange('email', e.target.value)}
          autoFocus
        />
      </Field>
    </>
  );
}
