import { useId, useState, type SyntheticEvent } from 'react';
import { ApiError, request } from '../http/client';

const REASONS: Record<string, string> = {
  session_expired: 'Your session has expired. Sign in again to continue.',
  signed_out: 'You are signed out.',
};

/**
 * No session (or an expired one): open the link from your invoice email or your provider
 * again, or sign in with an API key. The key goes to POST /portal/session only, never
 * into the address bar or local storage.
 */
export function SignInPage({ reason, onSignedIn }: { reason: string; onSignedIn: () => void }) {
  const id = useId();
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    request('/portal/session', { method: 'POST', body: { apiKey: apiKey.trim() } }).then(
      () => {
        setBusy(false);
        setApiKey('');
        onSignedIn();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(
          failure instanceof ApiError && failure.status === 401
            ? 'That API key is not valid.'
            : `Signing in failed: ${failure instanceof Error ? failure.message : String(failure)}`,
        );
      },
    );
  };

  return (
    <main id="main" className="signin">
      <section className="card" aria-labelledby="signin-title">
        <h1 id="signin-title">{reason === 'session_expired' ? 'Session expired' : 'Sign in'}</h1>
        <p data-testid="signin-reason">
          {REASONS[reason] ??
            'You are not signed in. Open the portal link you were sent, or sign in with an API key.'}
        </p>
        <form onSubmit={submit}>
          <label htmlFor={id}>API key</label>
          <input
            id={id}
            type="password"
            autoComplete="off"
            spellCheck={false}
            required
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
          />
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy || apiKey.trim() === ''}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </section>
    </main>
  );
}
