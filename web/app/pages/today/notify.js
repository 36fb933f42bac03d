/*
 * Opt-in browser notifications for follow-ups that fall due while the app
 * is open. Permission is asked only when the user clicks the button; the
 * choice to be notified is kept per browser. Items already due when the
 * page opened are on screen and are not announced again.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../ui/html.js';
import { t } from '../../i18n/index.js';

const KEY = 'genjin.notify';
const CHECK_MS = 60000;

const supported = () => typeof window.Notification === 'function';

function permission() {
  return supported() ? Notification.permission : 'unsupported';
}

/* {on, perm, enable(), disable()}: whether notifications are wanted and allowed. */
export function useNotifyChoice() {
  const [perm, setPerm] = useState(permission);
  const [wanted, setWanted] = useState(() => localStorage.getItem(KEY) === '1');
  const enable = async () => {
    const p = await Notification.requestPermission();
    setPerm(p);
    if (p === 'granted') { localStorage.setItem(KEY, '1'); setWanted(true); }
  };
  const disable = () => { localStorage.setItem(KEY, '0'); setWanted(false); };
  return { on: wanted && perm === 'granted', perm, enable, disable };
}

/* Announces each item of `items` whose due time passes from now on. */
export function useDueNotifications(items, on, textOf) {
  const since = useRef(Date.now());
  const told = useRef(new Set());
  useEffect(() => {
    if (!on) return undefined;
    const check = () => {
      const now = Date.now();
      for (const it of items) {
        const due = Date.parse(it.due_at);
        const key = `${it.customer_id}:${it.due_at}`;
        if (due > since.current && due <= now && !told.current.has(key)) {
          told.current.add(key);
          new Notification(t('today.notify.title'), { body: textOf(it), tag: key }); // eslint-disable-line no-new
        }
      }
    };
    check();
    const timer = setInterval(check, CHECK_MS);
    return () => clearInterval(timer);
  }, [items, on]);
}

export function NotifyToggle({ choice }) {
  if (choice.perm === 'unsupported') return null;
  if (choice.perm === 'denied') return html`<span class="muted small" id="notify-state">${t('today.notify.denied')}</span>`;
  if (choice.on) {
    return html`<button type="button" class="small" id="notify-toggle" aria-pressed="true" onClick=${choice.disable}>
      ${t('today.notify.on')}</button>`;
  }
  return html`<button type="button" class="small" id="notify-toggle" aria-pressed="false" onClick=${choice.enable}>
    ${t('today.notify.enable')}</button>`;
}
