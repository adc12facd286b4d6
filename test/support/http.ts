/** Small JSON-over-HTTP helpers for end-to-end tests against the real API server. */
export interface JsonResponse<T = any> {
  status: number;
  body: T;
}

/** The operator key test APIs are started with (see startTestApi). */
export const TEST_OPERATOR_KEY = 'test-operator-key-0123456789';

/** `token`: the API key to send; the operator key by default, null for none. */
export function authHeaders(token: string | null = TEST_OPERATOR_KEY): Record<string, string> {
  return token === null ? {} : { authorization: `Bearer ${token}` };
}

/** A setup request that must succeed: throws with the status and body when it did not. */
export function ok(response: { status: number; body: unknown }): void {
  if (response.status >= 300) {
    throw new Error(`${response.status}: ${JSON.stringify(response.body)}`);
  }
}

export async function postJson<T = any>(
  url: string,
  body: unknown,
  token?: string | null,
): Promise<JsonResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders(token) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export async function getJson<T = any>(
  url: string,
  token?: string | null,
): Promise<JsonResponse<T>> {
  const response = await fetch(url, { headers: authHeaders(token) });
  return { status: response.status, body: (await response.json()) as T };
}
