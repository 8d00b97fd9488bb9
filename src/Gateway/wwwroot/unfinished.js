// Uploads an earlier page left unfinished (store.js): listed so the user picks the same file again to resume, or
// discards them. Each is checked once with the server; one that is no longer PENDING cannot go on and is dropped.

import { bytes } from './format.js';
import { describeClosed } from './uploader.js';

export class UnfinishedUploads {
  /**
   * @param {{ box: HTMLElement, list: HTMLElement, note: HTMLElement }} elements
   * @param {{ store: import('./store.js').UploadStore, api: import('./api.js').Api,
   *   uploader: import('./uploader.js').Uploader, account: () => ({ tenant: string, user: string } | null),
   *   announce: (text: string) => void }} services  `account` says who is signed in
   */
  constructor({ box, list, note }, { store, api, uploader, account, announce }) {
    this.box = box;
    this.list = list;
    this.note = note;
    this.store = store;
    this.api = api;
    this.uploader = uploader;
    this.account = account;
    this.announce = announce;
    this.checked = new Set(); // upload ids the server was asked about on this page
    this.notes = [];
  }

  /** Redraws the list of the signed-in user, leaving out uploads this page already holds. */
  async show() {
    const account = this.account();
    const records = !account ? [] : (await this.store.all().catch(() => []))
      .filter((record) => record.tenant === account.tenant && record.user === account.user && !this.uploader.holds(record));
    this.list.replaceChildren(...records.map((record) => this.item(record)));
    this.note.replaceChildren(...this.notes.map((text) => Object.assign(document.createElement('p'), { textContent: text })));
    this.box.hidden = records.length === 0 && this.notes.length === 0;
    for (const record of records.filter((each) => !this.checked.has(each.uploadId))) this.check(record);
  }

  async check(record) {
    this.checked.add(record.uploadId);
    const state = await this.uploader.serverState(record.uploadId);
    if (state === null || state === 'PENDING') return; // open, or the server cannot say now: the list keeps it
    await this.store.delete(record.key, record.uploadId).catch(() => {});
    this.tell(`${record.name} cannot be resumed: ${describeClosed(state)}. Taken off the list.`);
  }

  async discard(record) {
    try {
      await this.api.abort(record.uploadId);
    } catch (error) {
      // 409: past PENDING, 404: gone; either way nothing is left to abort. Otherwise the record stays for a new try.
      if (error.transient || error.status === 401) {
        this.tell(`${record.name} was not discarded: ${error.message} Try again.`);
        return;
      }
    }
    await this.store.delete(record.key, record.uploadId).catch(() => {});
    this.tell(`${record.name}: unfinished upload discarded.`);
  }

  tell(text) {
    this.notes = [...this.notes.slice(-4), text];
    this.announce(text);
    this.show();
  }

  item(record) {
    const item = document.createElement('li');
    item.className = 'upload';
    const text = document.createElement('span');
    const stored = record.parts.filter((part) => part.etag).length;
    text.textContent = `${record.name} (${bytes(record.size)}) to ${record.projectId}` +
      (record.parts.length ? `: ${stored} of ${record.parts.length} parts stored` : '');
    const discard = document.createElement('button');
    discard.type = 'button';
    discard.className = 'secondary small';
    discard.textContent = 'Discard';
    discard.setAttribute('aria-label', `Discard ${record.name}`);
    discard.addEventListener('click', () => {
      discard.disabled = true;
      this.discard(record);
    });
    item.append(text, ' ', discard);
    return item;
  }
}
