/** A failed API call: the HTTP status and the catalogue code of the error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type SessionListener = (code: string) => void;
const sessionListeners = new Set<SessionListener>();

/** Called with `unauthenticated` or `session_expired` whenever the API answers 401. */
export function onSessionLost(listener: SessionListener): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

/** The readable twin of the HttpOnly session cookie, echoed as X-CSRF-Token on writes. */
export function csrfToken(): string | null {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === 'billing_csrf') return decodeURIComponent(value.join('='));
  }
  return null;
}

async function errorOf(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`;
  let message = response.statusText || `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? code;
    message = body.error?.message ?? message;
  } catch {
    // Not a JSON error body (a proxy's page, say): keep the status line.
  }
  return new ApiError(response.status, code, message);
}

/**
 * Calls the JSON API with the session cookie. Non-GET requests carry X-CSRF-Token (the
 * API refuses them without it); a 401 tells the app the session is gone.
 */
export async function request(
  path: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<Response> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') {
    const token = csrfToken();
    if (token !== null) headers['x-csrf-token'] = token;
  }
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401) sessionListeners.forEach((listener) => listener(error.code));
    throw error;
  }
  return response;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await request(path, signal ? { signal } : {});
  return (await response.json()) as T;
}

/** A query string of the defined values: `query({ from: 'x', to: undefined })` -> `?from=x`. */
export function query(values: Record<string, string | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, value);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
