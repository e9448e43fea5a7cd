import { useCallback, useEffect, useRef, useState } from 'react';

/** `pending`: a change waits for its save (the debounce): "saved" is never shown while one does. */
export type SaveState = { kind: 'idle' } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'saved'; at: string } | { kind: 'failed'; error: unknown };

/**
 * Debounced, ordered saves: the latest values are written a few hundred ms after
 * the officer stops typing, one save at a time, and any pending save is flushed
 * when the form goes away (navigation, reload).
 */
export function useAutosave<T>(save: (values: T) => Promise<string>, delayMs = 400) {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const pending = useRef<T | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const chain = useRef<Promise<void>>(Promise.resolve());
  const saveRef = useRef(save);
  saveRef.current = save;

  const flush = useCallback((): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const values = pending.current;
    if (values === null) return chain.current;
    pending.current = null;
    chain.current = chain.current.then(async () => {
      setState({ kind: 'saving' });
      try {
        const at = await saveRef.current(values);
        setState(pending.current !== null ? { kind: 'pending' } : { kind: 'saved', at });
      } catch (error) {
        setState({ kind: 'failed', error });
      }
    });
    return chain.current;
  }, []);

  const schedule = useCallback(
    (values: T) => {
      pending.current = values;
      setState((current) => (current.kind === 'pending' ? current : { kind: 'pending' }));
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), delayMs);
    },
    [delayMs, flush],
  );

  /** Drops what waits to be saved (the draft is being thrown away) and waits for a save already under way. */
  const discard = useCallback((): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    pending.current = null;
    return chain.current;
  }, []);

  useEffect(() => {
    const onHide = () => void flush();
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      void flush();
    };
  }, [flush]);

  return { state, schedule, flush, discard };
}
