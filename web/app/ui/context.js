/* The store reaches components through context (set once by main.js), and
 * useQuery runs a read op and runs it again after any write. */
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';

export const StoreContext = createContext(null);

export function useStore() {
  return useContext(StoreContext);
}

/* Answers of recent reads, by request: a page visited again shows them at
 * once instead of asking the worker for what cannot have changed — no
 * write since, by this page, the console or another tab (the store's
 * version and the database's transaction number are the same) — and is
 * not older than a minute (answers that depend on the clock, such as what
 * is due, move on by themselves). */
const ANSWERS_MAX = 200;
const ANSWER_AGE_MS = 60000;
const answers = new Map(); // key → {version, at, data}

function recentAnswer(key, version) {
  const a = answers.get(key);
  return a && a.version === version && Date.now() - a.at < ANSWER_AGE_MS ? a : null;
}

function keepAnswer(key, version, data) {
  answers.delete(key);
  answers.set(key, { version, at: Date.now(), data });
  if (answers.size > ANSWERS_MAX) answers.delete(answers.keys().next().value);
}

/*
 * {loading, data, error} of read op `op` with `args`. It runs again when
 * op/args change (compared as JSON) and after every write (store.version),
 * keeping the old data on screen while the new answer is on its way; a
 * recent answer to the same request (recentAnswer) is used as it is.
 * `op` null skips the query.
 */
export function useQuery(op, args) {
  const store = useStore();
  const version = store.version.value;
  const storage = store.storage.peek();
  const stamp = `${version}:${storage ? storage.txn : ''}`; // what a kept answer must match
  const key = op ? JSON.stringify([op, args || {}]) : null;
  const [state, setState] = useState(() => {
    const a = key && recentAnswer(key, stamp);
    return a ? { loading: false, data: a.data, error: null } : { loading: !!op, data: null, error: null };
  });
  useEffect(() => {
    if (!key) return undefined;
    const a = recentAnswer(key, stamp);
    if (a) {
      setState((s) => (s.data === a.data && !s.loading ? s : { loading: false, data: a.data, error: null }));
      return undefined;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    store.read(op, args).then(
      (data) => { keepAnswer(key, stamp, data); if (live) setState({ loading: false, data, error: null }); },
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
