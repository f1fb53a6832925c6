// The centred card the public pages share with sign-in: the brand, a title, the content.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { isApiError } from '../../api.js';
import { linkProblem } from './link-problem.js';

export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="auth">
      <div className="auth__card">
        <div className="auth__brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Tandem</span>
        </div>
        <h1 className="auth__title">{title}</h1>
        {children}
      </div>
    </div>
  );
}

/** A refused link, said plainly, with the way back to sign-in. */
export function LinkRefused({ error }: { error: unknown }) {
  const { title, detail } = linkProblem(isApiError(error) ? error.code : '');
  return (
    <AuthCard title={title}>
      <div
        className="banner banner--error"
        role="alert"
        data-code={isApiError(error) ? error.code : undefined}
      >
        {detail}
      </div>
      <p>
        <Link to="/sign-in">Go to sign-in</Link>
      </p>
    </AuthCard>
  );
}
