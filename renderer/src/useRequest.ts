import { useCallback, useEffect, useState } from 'react';
import { unwrap } from './service.ts';
import type { Envelope } from '../../preload/contract.ts';

/** `error`: keyed errors come with their words in the page's language (useErrorText). */
export type RequestState<T> = { status: 'loading'; value?: T } | { status: 'done'; value: T } | { status: 'error'; message: string; error: Error; value?: T };

/** Runs a service request on mount and on `reload()`, keeping the last value on screen while a new one loads. */
export function useRequest<T>(request: () => Promise<Envelope<T>>): [RequestState<T>, () => void] {
  const [state, setState] = useState<RequestState<T>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    unwrap(request()).then(
      (value) => live && setState({ status: 'done', value }),
      (error: Error) => live && setState((s) => ({ status: 'error', message: error.message, error, value: s.value })),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the request is fixed per component; `generation` re-runs it
  }, [generation]);
  const reload = useCallback(() => {
    setState((s) => ({ status: 'loading', value: s.value }));
    setGeneration((g) => g + 1);
  }, []);
  return [state, reload];
}
