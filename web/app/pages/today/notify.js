/*
 * Opt-in browser notifications for follow-ups that fall due while the app
 * is open, on any page. Permission is asked only when the user clicks the
 * button on Today; the choice is kept per browser. What was already due
 * when notifications were turned on is on Today's list and is not
 * announced; after that, each due item is announced once, at its due time.
 */
import { signal } from '@preact/signals';
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { useStore, useLoad } from '../../ui/context.js';
import { t } from '../../i18n/index.js';
import { whyText } from './why.js';

const KEY = 'genjin.notify';
const RECHECK_MS = 60000; // the due list is read again at least this often

const supported = () => typeof window.Notification === 'function';
const permission = () => (supported() ? Notification.permission : 'unsupported');

/* Whether the user asked for notifications (permission aside). */
const wanted = signal(localStorage.getItem(KEY) === '1');
const perm = signal(permission());

async function enable() {
  perm.value = await Notification.requestPermission();
  if (perm.value === 'granted') { localStorage.setItem(KEY, '1'); wanted.value = true; }
}

function disable() {
  localStorage.setItem(KEY, '0');
  wanted.value = false;
}

/* The button on Today. */
export function NotifyToggle() {
  if (perm.value === 'unsupported') return null;
  if (perm.value === 'denied') return html`<span class="muted small" id="notify-state">${t('today.notify.denied')}</span>`;
  const on = wanted.value && perm.value === 'granted';
  return html`<button type="button" class="small" id="notify-toggle" aria-pressed=${on ? 'true' : 'false'}
    onClick=${on ? disable : enable}>${t(on ? 'today.notify.on' : 'today.notify.enable')}</button>`;
}

/* Rendered once by the app: reads my due list while notifications are on
 * and announces each item when its due time passes. */
export function DueNotifier() {
  const store = useStore();
  // Only the tab that owns the database announces: two open tabs, one notification.
  const on = wanted.value && perm.value === 'granted' && !store.readonly.value;
  const me = store.me.value;
  const [round, setRound] = useState(0);
  const since = useRef(0);
  const told = useRef(new Set());
  const q = useLoad(on ? `notify:${me || ''}:${round}` : 'notify:off',
    (s) => (on ? s.read('followups.due', { ...(me ? { rep_id: me } : {}), limit: 1000 }) : Promise.resolve(null)));

  useEffect(() => { if (on) since.current = Date.now(); }, [on]);

  useEffect(() => {
    if (!on || !q.data) return undefined;
    const items = q.data.items;
    const announce = () => {
      const now = Date.now();
      for (const it of items) {
        const due = Date.parse(it.due_at);
        const key = `${it.customer_id}:${it.reason}:${it.due_at}`;
        if (due > since.current && due <= now && !told.current.has(key)) {
          told.current.add(key);
          new Notification(t('today.notify.title'), { body: `${it.name} — ${whyText(it, store.settings.value)}`, tag: key }); // eslint-disable-line no-new
        }
      }
    };
    announce();
    // Wake at the next due time (or the recheck), then read the list again.
    const now = Date.now();
    const next = items.map((it) => Date.parse(it.due_at)).filter((d) => d > now).sort((a, b) => a - b)[0];
    const wait = Math.min(next ? next - now + 50 : RECHECK_MS, RECHECK_MS);
    const timer = setTimeout(() => { announce(); setRound((r) => r + 1); }, wait);
    return () => clearTimeout(timer);
  }, [q.data, on]);
  return null;
}
