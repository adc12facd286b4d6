import { useEffect, useRef, useState, type ReactNode } from 'react';
import { request } from '../http/client';
import type { Me } from '../http/types';
import type { CustomerScope } from '../customer-context';
import { Link, useLocation } from '../router';

/** `project: false`: the API answers 404 to a project session (a project key's principal). */
const SECTIONS = [
  { path: '', label: 'Overview', project: true },
  { path: '/usage', label: 'Usage', project: true },
  { path: '/resources', label: 'Resources', project: true },
  { path: '/invoices', label: 'Invoices', project: true },
  { path: '/budgets', label: 'Budgets', project: true },
  { path: '/credits', label: 'Credits', project: false },
];

/** The project a session is scoped to (signed in with a project key), else null. */
export function sessionProject(me: Me): string | null {
  return me.principal.projectId ?? null;
}

/**
 * What a project session sees where the API does not answer it: a plain statement, not an
 * error, with the way to what it can read.
 */
export function NotForProject(props: { what: string; base: string }) {
  return (
    <div className="state state-empty not-for-project" data-testid="not-for-project">
      <p>
        {props.what}: not available for a project session, which sees one project of the account.
      </p>
      <p>
        <Link to={`${props.base}/usage`}>Usage</Link> ·{' '}
        <Link to={`${props.base}/budgets`}>Budgets</Link> ·{' '}
        <Link to={`${props.base}/invoices`}>Invoices</Link>
      </p>
    </div>
  );
}

function isCurrent(pathname: string, base: string, path: string): boolean {
  const target = `${base}${path}`;
  const here = pathname.replace(/\/$/, '');
  if (path === '') return here === base;
  return here === target || here.startsWith(`${target}/`);
}

/** Header, navigation and sign-out around every page; the content is `main`. */
export function Shell(props: {
  me: Me;
  scope?: CustomerScope | null;
  onSignedOut: () => void;
  children: ReactNode;
}) {
  const { me, scope, onSignedOut, children } = props;
  const { pathname } = useLocation();
  const [signingOut, setSigningOut] = useState(false);
  const main = useRef<HTMLElement>(null);
  const previousPath = useRef(pathname);
  // After an in-app navigation, keyboard and screen-reader users continue in the new page.
  useEffect(() => {
    if (pathname === previousPath.current) return;
    previousPath.current = pathname;
    main.current?.focus({ preventScroll: true });
  }, [pathname]);
  const operator = me.principal.kind === 'operator';
  const project = sessionProject(me);

  const signOut = () => {
    setSigningOut(true);
    request('/portal/logout', { method: 'POST' }).then(
      () => onSignedOut(),
      () => onSignedOut(),
    );
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="brand">
          <Link to="/portal/">Billing portal</Link>
          {scope && <span className="customer-name">{scope.name}</span>}
          {scope && project !== null && (
            <span className="project-scope" data-testid="project-scope">
              project {project}
            </span>
          )}
        </div>
        <div className="session">
          {operator && (
            <Link to="/portal/operator" className="operator-link">
              All customers
            </Link>
          )}
          <button type="button" className="secondary" onClick={signOut} disabled={signingOut}>
            Sign out
          </button>
        </div>
      </header>
      {scope && (
        <nav className="sections" aria-label="Sections">
          <ul>
            {SECTIONS.filter((section) => project === null || section.project).map((section) => {
              const current = isCurrent(pathname, scope.base, section.path);
              return (
                <li key={section.label}>
                  <Link
                    to={`${scope.base}${section.path === '' ? '/' : section.path}`}
                    aria-current={current ? 'page' : undefined}
                  >
                    {section.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      )}
      <main id="main" tabIndex={-1} ref={main}>
        {children}
      </main>
    </div>
  );
}
