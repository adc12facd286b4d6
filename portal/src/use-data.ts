import { useCallback, useEffect, useRef, useState } from 'react';
import { getJson, type ApiError } from './http/client';

export type Data<T> =
  | { state: 'loading' }
  | { state: 'error'; error: ApiError | Error }
  | { state: 'ready'; value: T; refreshing: boolean };

/**
 * GETs `path` (null: nothing to load yet) and keeps the last answer while a refresh runs,
 * so live updates never blank the page. `reload` rereads without cancelling reads in
 * flight (under load the first may be the one that arrives soonest); an answer is shown
 * only if no later-started read has been shown already. A new path cancels them all.
 */
export function useData<T>(path: string | null): Data<T> & { reload: () => void } {
  const [data, setData] = useState<Data<T>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const started = useRef(0);
  const shown = useRef(0);
  const inFlight = useRef(new Set<AbortController>());
  const reload = useCallback(() => setGeneration((value) => value + 1), []);

  useEffect(() => {
    const controllers = inFlight.current;
    return () => {
      controllers.forEach((controller) => controller.abort());
      controllers.clear();
    };
  }, [path]);

  useEffect(() => {
    if (path === null) return;
    const ticket = ++started.current;
    const controller = new AbortController();
    inFlight.current.add(controller);
    setData((previous) =>
      previous.state === 'ready' && generation > 0
        ? { ...previous, refreshing: true }
        : { state: 'loading' },
    );
    getJson<T>(path, controller.signal)
      .then(
        (value) => {
          if (controller.signal.aborted || ticket < shown.current) return;
          shown.current = ticket;
          setData({ state: 'ready', value, refreshing: ticket !== started.current });
        },
        (error: unknown) => {
          if (controller.signal.aborted || ticket !== started.current) return;
          setData({
            state: 'error',
            error: error instanceof Error ? error : new Error(String(error)),
          });
        },
      )
      .finally(() => inFlight.current.delete(controller));
  }, [path, generation]);

  return { ...data, reload };
}
