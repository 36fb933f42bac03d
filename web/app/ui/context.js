/* The store reaches components through context (set once by main.js), and
 * useQuery runs a read op and runs it again after any write. */
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';

export const StoreContext = createContext(null);

export function useStore() {
  return useContext(StoreContext);
}

/*
 * {loading, data, error} of read op `op` with `args`. It runs again when
 * op/args change (compared as JSON) and after every write (store.version),
 * keeping the old data on screen while the new answer is on its way.
 * `op` null skips the query.
 */
export function useQuery(op, args) {
  const store = useStore();
  const version = store.version.value;
  const key = op ? JSON.stringify([op, args || {}]) : null;
  const [state, setState] = useState({ loading: !!op, data: null, error: null });
  useEffect(() => {
    if (!key) return undefined;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    store.read(op, args).then(
      (data) => live && setState({ loading: false, data, error: null }),
      (error) => live && setState({ loading: false, data: null, error }));
    return () => { live = false; };
  }, [key, version]);
  return state;
}

/*
 * {loading, data, error} of `load(store)`, an async function making several
 * reads (a page that needs many lists at once, or a read with a fallback).
 * Like useQuery it runs again when `key` changes and after every write.
 */
export function useLoad(key, load) {
  const store = useStore();
  const version = store.version.value;
  const [state, setState] = useState({ loading: true, data: null, error: null });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load(store).then(
      (data) => live && setState({ loading: false, data, error: null }),
      (error) => live && setState({ loading: false, data: null, error }));
    return () => { live = false; };
  }, [key, version]);
  return state;
}
