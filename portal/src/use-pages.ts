import { useCallback, useEffect, useState } from 'react';
import { getJson, query } from './http/client';

type Loaded<T> = { items: T[]; nextCursor: string | null };
type Picked<T, A> = Loaded<T> & { answer: A };

/**
 * A cursor-paginated list: the first page of `path`, then `more()` appends the next one.
 * `pick` takes the items and cursor out of the answer (lists name their items differently).
 */
export function usePages<T, A>(path: string | null, pick: (answer: A) => Loaded<T>) {
  const [list, setList] = useState<Loaded<T> | null>(null);
  const [head, setHead] = useState<A | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [loading, setLoading] = useState(false);
  const [generation, setGeneration] = useState(0);

  const load = useCallback(
    async (cursor: string | null, signal?: AbortSignal): Promise<Picked<T, A>> => {
      const separator = path?.includes('?') ? '&' : '?';
      const suffix = cursor === null ? '' : `${separator}${query({ cursor }).slice(1)}`;
      const answer = await getJson<A>(`${path ?? ''}${suffix}`, signal);
      return { ...pick(answer), answer };
    },
    // `pick` is a pure projection declared by the caller; the path decides the list.
    [path],
  );

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    load(null, controller.signal).then(
      (first) => {
        setList({ items: first.items, nextCursor: first.nextCursor });
        setHead(first.answer);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure instanceof Error ? failure : new Error(String(failure)));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [path, load, generation]);

  const more = () => {
    if (!list?.nextCursor) return;
    setLoading(true);
    load(list.nextCursor).then(
      (next) => {
        setList({ items: [...list.items, ...next.items], nextCursor: next.nextCursor });
        setLoading(false);
      },
      (failure: unknown) => {
        setError(failure instanceof Error ? failure : new Error(String(failure)));
        setLoading(false);
      },
    );
  };
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  /** `head`: the whole answer of the first page (a list's summary fields, e.g. a balance). */
  return { list, head, error, loading, more, reload };
}
