// A brief confirmation at the foot of the screen ("Rejected Dana Ruiz…"), gone after a few seconds.
import { useCallback, useEffect, useState } from 'react';
import { Icon } from './icons.js';

/** The message on show and a setter; each new message restarts the timer. */
export function useFlash(ms = 6_000): [{ id: number; text: string } | null, (text: string | null) => void] {
  const [flash, setFlash] = useState<{ id: number; text: string } | null>(null);
  useEffect(() => {
    if (!flash) return;
    const t = setTimeout(() => setFlash(null), ms);
    return () => clearTimeout(t);
  }, [flash, ms]);
  const show = useCallback((text: string | null) => setFlash(text ? { id: Date.now(), text } : null), []);
  return [flash, show];
}

export function Toast({
  message,
  onDismiss,
}: {
  message: { id: number; text: string } | null;
  onDismiss: () => void;
}) {
  // The live region stays mounted so screen readers announce each new message.
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {message && (
        <div className="toast" key={message.id}>
          <Icon name="check" className="toast__icon" />
          <span className="toast__text">{message.text}</span>
          <button type="button" className="btn btn--ghost btn--icon btn--sm toast__close" onClick={onDismiss}>
            <Icon name="close" />
            <span className="visually-hidden">Dismiss</span>
          </button>
        </div>
      )}
    </div>
  );
}
