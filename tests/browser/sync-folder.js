// Settings → Team sync driven as a person would, shared by the team sync
// page tests and the page's sync benchmark: joining a team folder with its
// passphrase and pressing "Sync now".
'use strict';

/* Types the folder (`dav`: {url, user, pass}) and the passphrase into the
 * section and waits until the key is set or the section shows an error. */
async function joinTeamFolder(page, dav, passphrase) {
  await page.fill('#sync-url', dav.url);
  await page.fill('#sync-user', dav.user);
  await page.fill('#sync-password', dav.pass);
  await page.click('#sync-folder-save');
  await page.fill('#sync-passphrase', passphrase);
  await page.click('#sync-unlock');
  await page.waitForSelector('#sync-key-state[data-team]:not([data-team=""]), #sync-error');
}

/* Presses "Sync now"; resolves with #sync-last's data-ok ("true" or
 * "false") once the sync has finished and the button is back. */
async function syncNow(page) {
  const before = await page.getAttribute('#sync-last', 'data-at');
  await page.click('#sync-now');
  await page.waitForFunction((b) => {
    const el = document.querySelector('#sync-last');
    return el && el.dataset.at !== b && !document.querySelector('#sync-now').disabled;
  }, before);
  return page.getAttribute('#sync-last', 'data-ok');
}

module.exports = { joinTeamFolder, syncNow };
