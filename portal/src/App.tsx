import { useEffect, useState } from 'react';
import { ApiError, onSessionLost } from './http/client';
import type { Me } from './http/types';
import { CustomerPages } from './CustomerPages';
import { ErrorState, Loading } from './components/states';
import { Shell } from './components/Shell';
import { NotFoundPage } from './pages/NotFoundPage';
import { OperatorPage } from './pages/OperatorPage';
import { SignInPage } from './pages/SignInPage';
import { parseRoute } from './routes';
import { useLocation } from './router';
import { useData } from './use-data';

/** Who is signed in decides everything else: no session, the sign-in page. */
export function App() {
  const me = useData<Me>('/v1/portal/me');
  const [lost, setLost] = useState<string | null>(null);
  const { pathname } = useLocation();
  useEffect(() => onSessionLost(setLost), []);

  const signedIn = () => {
    setLost(null);
    me.reload();
  };
  if (lost !== null) return <SignInPage reason={lost} onSignedIn={signedIn} />;
  if (me.state === 'loading') return <Loading label="Opening the portal" />;
  if (me.state === 'error') {
    if (me.error instanceof ApiError && me.error.status === 401) {
      return <SignInPage reason={me.error.code} onSignedIn={signedIn} />;
    }
    return <ErrorState error={me.error} retry={me.reload} />;
  }
  const session = me.value;
  const route = parseRoute(pathname);
  const operator = session.principal.kind === 'operator';
  const signedOut = () => setLost('signed_out');

  if (route.page === 'notFound') {
    return (
      <Shell me={session} onSignedOut={signedOut}>
        <NotFoundPage />
      </Shell>
    );
  }
  if (route.page === 'operator' || (route.page === 'home' && operator)) {
    return (
      <Shell me={session} onSignedOut={signedOut}>
        {operator ? <OperatorPage me={session} /> : <NotFoundPage />}
      </Shell>
    );
  }
  return <CustomerPages me={session} route={route} onSignedOut={signedOut} />;
}
