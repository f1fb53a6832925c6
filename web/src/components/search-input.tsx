// A search box that reports after typing pauses, focuses on "/", and clears on Escape.
import { useEffect, useRef, useState } from 'react';
import { Icon } from './icons.js';

export function SearchInput({
  value,
  onChange,
  placeholder,
  label,
  delayMs = 250,
}: {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  /** Accessible name, e.g. "Search leads". */
  label: string;
  delayMs?: number;
}) {
  const [draft, setDraft] = useState(value);
  const ref = useRef<HTMLInputElement>(null);
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });

  // Follow outside changes (back button, "Clear filters").
  useEffect(() => setDraft(value), [value]);

  useEffect(() => {
    if (draft === value) return;
    const t = setTimeout(() => latest.current(draft), delayMs);
    return () => clearTimeout(t);
  }, [draft, value, delayMs]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement | null;
      const typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (e.key === '/' && !typing && !e.metaKey && !e.ctrlKey && !e.altKey) {
        e.preventDefault();
        ref.current?.focus();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="search">
      <Icon name="search" className="search__icon" />
      <input
        ref={ref}
        type="search"
        className="input search__input"
        aria-label={label}
        placeholder={placeholder}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && draft) {
            e.preventDefault();
            setDraft('');
            onChange('');
          } else if (e.key === 'Enter') {
            onChange(draft);
          }
        }}
      />
      <kbd className="search__kbd" aria-hidden="true">
        /
      </kbd>
    </div>
  );
}
