// The list of uploads: one row per file with its progress bar, its state, its buttons and, once processed, its
// preview and facts. File names and metadata are data: they only ever go into textContent and attributes.

import { bytes, captureTime, coordinates, mapUrl } from './format.js';
import { Phase } from './uploader.js';

const PAUSABLE = new Set([Phase.Queued, Phase.Preparing, Phase.Uploading]);
const CANCELLABLE = new Set([Phase.Queued, Phase.Preparing, Phase.Uploading, Phase.Paused]);

export class UploadList {
  /**
   * @param {HTMLElement} list
   * @param {{ pause, resume, retry, cancel }} actions
   * @param {(uploadId: string) => string | undefined} nameOf  the file name of an upload on this page
   */
  constructor(list, actions, nameOf) {
    this.list = list;
    this.actions = actions;
    this.nameOf = nameOf;
    this.rows = new Map(); // upload key -> row parts
    this.dirty = new Set();
    this.frame = 0;
  }

  /** Schedules a redraw; progress arrives many times a second, the screen needs it once a frame. */
  show(upload) {
    this.dirty.add(upload);
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      const uploads = [...this.dirty];
      this.dirty.clear();
      uploads.forEach((each) => this.draw(each));
    });
  }

  remove(upload) {
    this.rows.get(upload.key)?.item.remove();
    this.rows.delete(upload.key);
    this.dirty.delete(upload);
  }

  draw(upload) {
    const row = this.rows.get(upload.key) ?? this.create(upload);
    const percent = upload.phase === Phase.Done ? 100 : upload.percent;
    row.item.dataset.phase = upload.phase;
    row.item.dataset.status = upload.status ?? '';
    row.state.textContent = stateText(upload);
    row.bar.setAttribute('aria-valuenow', String(percent));
    row.bar.setAttribute('aria-valuetext', `${percent}%, ${bytes(upload.sent)} of ${bytes(upload.size)}`);
    row.fill.style.width = `${percent}%`;

    row.toggle.hidden = !(PAUSABLE.has(upload.phase) || upload.phase === Phase.Paused);
    const paused = upload.phase === Phase.Paused;
    row.toggle.textContent = paused ? 'Resume' : 'Pause';
    row.toggle.setAttribute('aria-label', `${paused ? 'Resume' : 'Pause'} ${upload.name}`);
    const retryable = upload.phase === Phase.Failed && upload.retryable;
    row.retry.hidden = !retryable;
    row.cancel.hidden = !CANCELLABLE.has(upload.phase) && !retryable;

    row.error.hidden = !upload.error;
    row.error.textContent = upload.error ? `${upload.error.message} (${upload.error.code})` : '';

    if (upload.phase === Phase.Done && row.drawn !== upload.details) {
      row.drawn = upload.details;
      drawResult(row.result, upload, this.nameOf);
    }
  }

  create(upload) {
    const id = `upload-${upload.key}`;
    const item = element('li', { className: 'upload', id });
    const head = element('div', { className: 'upload-head' });
    const name = element('span', { className: 'upload-name', id: `${id}-name`, textContent: upload.name });
    const size = element('span', { className: 'upload-size', textContent: bytes(upload.size) });
    const state = element('span', { className: 'upload-state' });
    const buttons = element('span', { className: 'upload-actions' });
    const toggle = element('button', { type: 'button', className: 'secondary small' });
    const retry = element('button', { type: 'button', className: 'secondary small', textContent: 'Retry', hidden: true });
    retry.setAttribute('aria-label', `Retry ${upload.name}`);
    const cancel = element('button', { type: 'button', className: 'secondary small', textContent: 'Cancel' });
    cancel.setAttribute('aria-label', `Cancel ${upload.name}`);
    retry.addEventListener('click', () => this.actions.retry(upload));
    toggle.addEventListener('click', () => (upload.phase === Phase.Paused ? this.actions.resume(upload) : this.actions.pause(upload)));
    cancel.addEventListener('click', () => this.actions.cancel(upload));
    buttons.append(toggle, retry, cancel);
    head.append(name, size, state, buttons);

    const bar = element('div', { className: 'progress' });
    bar.setAttribute('role', 'progressbar');
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '100');
    bar.setAttribute('aria-labelledby', `${id}-name`);
    const fill = element('div', { className: 'progress-fill' });
    bar.append(fill);

    const error = element('p', { className: 'error', hidden: true });
    const result = element('div', { className: 'upload-result' });
    item.append(head, bar, error, result);
    this.list.append(item);

    const row = { item, state, bar, fill, toggle, retry, cancel, error, result, drawn: undefined };
    this.rows.set(upload.key, row);
    return row;
  }
}

function stateText(upload) {
  switch (upload.phase) {
    case Phase.Queued:
      return upload.note || 'Waiting';
    case Phase.Preparing:
      return upload.cancelRequested ? 'Cancelling' : upload.pauseRequested ? 'Pausing' : 'Preparing';
    case Phase.Uploading:
      return `Uploading ${upload.percent}%`;
    case Phase.Paused:
      return `Paused at ${upload.percent}%`;
    case Phase.Completing:
      return 'Finishing upload';
    case Phase.Sent:
      return upload.status === 'PROCESSING' ? 'Processing'
        : upload.status === 'UPLOADED' ? 'Uploaded, waiting for processing' : 'Uploaded, waiting for storage';
    case Phase.Done:
      return 'Done';
    case Phase.Failed:
      return upload.status === 'QUARANTINED' ? 'Quarantined' : 'Failed';
    default:
      return 'Cancelled';
  }
}

function drawResult(container, upload, nameOf) {
  container.replaceChildren();
  if (upload.thumbnailUrl) {
    const image = element('img', { className: 'thumbnail', alt: `Preview of ${upload.name}`, src: upload.thumbnailUrl });
    container.append(image);
  }
  const facts = element('dl', { className: 'facts' });
  const fact = (term, ...description) => {
    facts.append(element('dt', { textContent: term }), element('dd', {}, description));
  };
  const metadata = upload.details?.metadata ?? {};
  const image = metadata.image;
  if (image?.capturedAt) fact('Captured', captureTime(image.capturedAt));
  if (typeof image?.latitude === 'number' && typeof image?.longitude === 'number') {
    const link = element('a', { href: mapUrl(image.latitude, image.longitude), textContent: 'map', rel: 'noopener noreferrer', target: '_blank' });
    link.setAttribute('aria-label', `Show ${coordinates(image.latitude, image.longitude)} on a map (new tab)`);
    fact('Location', element('span', { className: 'coordinates', textContent: coordinates(image.latitude, image.longitude) }), ' (', link, ')');
  }
  if (typeof image?.altitude === 'number') fact('Altitude', `${image.altitude.toFixed(1)} m`);
  if (image?.cameraMake || image?.cameraModel) fact('Camera', camera(image.cameraMake, image.cameraModel));
  if (image?.width) fact('Pixels', `${image.width} × ${image.height}`);
  if (typeof metadata.pdf?.pageCount === 'number') fact('Pages', String(metadata.pdf.pageCount));
  if (metadata.pdf?.title) fact('Title', metadata.pdf.title);
  if (metadata.drawing) fact('Drawing', [metadata.drawing.format?.toUpperCase(), metadata.drawing.release].filter(Boolean).join(', '));
  if (metadata.duplicateOf) fact('Same content as', nameOf(metadata.duplicateOf) ?? `upload ${metadata.duplicateOf}`);
  const text = element('div', { className: 'upload-facts' });
  if (facts.childElementCount > 0) text.append(facts);
  if (upload.details?.downloadUrl) {
    text.append(element('a', { className: 'download', href: upload.details.downloadUrl, textContent: `Download ${upload.name}` }));
  }
  container.append(text);
}

/** Cameras often repeat their maker in the model ("Canon" + "Canon PowerShot SX60 HS"). */
function camera(make, model) {
  if (make && model && model.toLowerCase().startsWith(make.split(' ')[0].toLowerCase())) return model;
  return [make, model].filter(Boolean).join(' ');
}

function element(tag, properties = {}, children = []) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}
