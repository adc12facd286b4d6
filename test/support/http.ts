/** Small JSON-over-HTTP helpers for end-to-end tests against the real API server. */
export interface JsonResponse<T = any> {
  status: number;
  body: T;
}

export async function postJson<T = any>(url: string, body: unknown): Promise<JsonResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

export async function getJson<T = any>(url: string): Promise<JsonResponse<T>> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as T };
}
