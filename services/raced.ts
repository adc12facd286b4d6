/** What a create attempt reports when a concurrent create of the same key won the race. */
export const RACED = Symbol('raced');

/**
 * Runs a create attempt (one transaction that loads, decides and saves) and, if another
 * request stored the same key between its load and its save, once more: the second attempt
 * sees the winner and decides against it (a replay or a conflict).
 */
export async function retryOnceIfRaced<T>(attempt: () => Promise<T | typeof RACED>): Promise<T> {
  for (let tries = 0; tries < 2; tries += 1) {
    const result = await attempt();
    if (result !== RACED) return result;
  }
  throw new Error('a create lost the race twice to a concurrent create of the same key');
}
