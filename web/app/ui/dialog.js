/* A modal dialog on the native <dialog> element: focus is trapped and
 * Escape closes it, as the browser does for showModal(). */
import { useEffect, useRef } from 'preact/hooks';
import { html } from './html.js';
import { t } from '../i18n/index.js';

export function Dialog({ title, onClose, children, id, wide }) {
  const ref = useRef(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => { if (d && d.open) d.close(); };
  }, []);
  const titleId = `${id || 'dialog'}-title`;
  return html`<dialog ref=${ref} id=${id} class=${`dialog ${wide ? 'wide' : ''}`} aria-labelledby=${titleId}
      onCancel=${(e) => { e.preventDefault(); onClose(); }}>
    <div class="dialog-head">
      <h2 id=${titleId}>${title}</h2>
      <button type="button" class="link close" aria-label=${t('common.close')} onClick=${onClose}>×</button>
    </div>
    <div class="dialog-body">${children}</div>
  </dialog>`;
}
