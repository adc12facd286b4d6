import type { ReactNode } from 'react';
import { ApiError } from '../http/client';

export function Loading({ label }: { label: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}…
    </p>
  );
}

export function ErrorState({ error, retry }: { error: Error; retry?: () => void }) {
  const detail = error instanceof ApiError ? `${error.message} (${error.code})` : error.message;
  return (
    <div className="state state-error" role="alert">
      <p>
        <strong>Something went wrong.</strong> {detail}
      </p>
      {retry && (
        <button type="button" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state-empty">{children}</p>;
}

/** A small "Updating…" mark while fresh figures load over the shown ones. */
export function Refreshing({ active }: { active: boolean }) {
  return (
    <span className="refreshing" role="status" aria-live="polite">
      {active ? 'Updating…' : ''}
    </span>
  );
}
