// The operators' page: the uploads overview, the event queues and the dead-letter queue, from /api/admin/*. The page
// is public like the uploader (it holds only code); every data call carries the operator's token and is authorized
// by the gateway, whose refusals (401, 403) arrive as problem+json and are shown as they are.

import { barChart, lineChart } from './admin-charts.js';

const KEY = 'buildpeer.admin.token';
const REFRESH_MS = 15000;
const STATUS_COLORS = {
  PENDING: '#4a5360', UPLOADED: '#6b3fa0', PROCESSING: '#0b57d0', COMPLETED: '#146c2e',
  FAILED: '#b3261e', QUARANTINED: '#9e4a00', EXPIRED: '#00696e', ABORTED: '#1b1f24',
};
const $ = (id) => document.getElementById(id);
const history = { events: [], inFlight: [], deadLetters: [] };
let timer = null;

class Refused extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The gateway answered ${status}.`);
    this.status = status;
    this.code = problem?.code ?? (status === 0 ? 'network_error' : 'error');
  }
}

/** The tenant the token names first: the API asks every caller for one, operators included. */
function tenantOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(part + '='.repeat((4 - (part.length % 4)) % 4)));
    return [].concat(claims.tenants ?? [])[0] ?? '';
  } catch {
    return '';
  }
}

async function call(method, path, body) {
  const token = sessionStorage.getItem(KEY) ?? '';
  const headers = { Accept: 'application/json' };
  if (token) {
    headers.Authorization = `Bearer ${token}`;
    headers['X-Tenant-ID'] = tenantOf(token);
  }
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new Refused(0, { title: 'The gateway cannot be reached.' });
  }
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new Refused(response.status, json);
  return json;
}

function showError(error) {
  const message = error
    ? `${error.status === 401 || error.status === 403 ? 'Refused' : 'Failed'} (${error.status || 'network'}, ${error.code}): ${error.message}`
    : '';
  $('admin-error').textContent = message;
  $('admin-error').hidden = !error;
  if (error && (error.status === 401 || error.status === 403)) $('admin-data').hidden = true;
}

function drawOverview(overview) {
  const totals = {};
  for (const project of overview.projects) {
    for (const [status, count] of Object.entries(project.byStatus)) totals[status] = (totals[status] ?? 0) + count;
  }
  const statuses = Object.keys(STATUS_COLORS).filter((status) => status in totals)
    .concat(Object.keys(totals).filter((status) => !(status in STATUS_COLORS)));
  barChart($('status-chart'), statuses.map((status) => ({ label: status, value: totals[status], color: STATUS_COLORS[status] })),
    { label: 'Uploads by status' });
  $('status-caption').textContent = `${overview.projects.length} projects${overview.projectsTruncated ? ' (truncated)' : ''}, `
    + `${Object.values(totals).reduce((a, b) => a + b, 0)} uploads.`;

  const queue = overview.queue, dlq = overview.deadLetterQueue;
  barChart($('queue-chart'), [
    { label: `${queue.queue}: visible`, value: queue.visible ?? 0 },
    { label: `${queue.queue}: in flight`, value: queue.inFlight ?? 0 },
    { label: `${queue.queue}: delayed`, value: queue.delayed ?? 0 },
    { label: `${dlq.queue}: visible`, value: dlq.visible ?? 0, color: '#b3261e' },
  ], { label: 'Queue depth' });
  const at = new Date(overview.generatedAt);
  history.events.push({ t: at, v: queue.visible ?? 0 });
  history.inFlight.push({ t: at, v: queue.inFlight ?? 0 });
  history.deadLetters.push({ t: at, v: dlq.visible ?? 0 });
  for (const points of Object.values(history)) points.splice(0, Math.max(0, points.length - 120));
  lineChart($('queue-history'), [
    { name: 'visible', points: history.events, color: '#0b57d0' },
    { name: 'in flight', points: history.inFlight, color: '#146c2e' },
    { name: 'dead letters', points: history.deadLetters, color: '#b3261e' },
  ], { label: 'Queue depth over time' });

  const seconds = (value) => (value >= 3600 ? `${(value / 3600).toFixed(1)} h` : value >= 60 ? `${(value / 60).toFixed(1)} min` : `${value.toFixed(0)} s`);
  barChart($('lag-chart'), overview.oldestUnfinished.slice(0, 10).map((upload) => ({
    label: `${upload.status} ${upload.fileName}`,
    value: upload.ageSeconds,
    color: STATUS_COLORS[upload.status],
  })), { format: seconds, label: 'Age of the oldest unfinished uploads' });
  $('admin-updated').textContent = `Updated ${at.toLocaleTimeString()}`;
}

async function refresh() {
  try {
    drawOverview(await call('GET', '/api/admin/uploads/overview?oldest=10'));
    $('admin-data').hidden = false;
    showError(null);
  } catch (error) {
    showError(error);
  }
}

async function peek() {
  try {
    const { messages } = await call('GET', '/api/admin/dead-letters?max=10');
    const rows = messages.map((message) => {
      const row = document.createElement('tr');
      const objects = message.problem ?? message.objects.map((o) => `${o.bucket ?? ''}/${o.key ?? ''}`).join(', ');
      for (const text of [message.messageId, message.kind, message.approximateReceiveCount,
        message.sentAt ? new Date(message.sentAt).toLocaleString() : '', objects]) {
        const cell = document.createElement('td');
        cell.textContent = String(text);
        row.append(cell);
      }
      return row;
    });
    $('dlq-messages').tBodies[0].replaceChildren(...rows);
    $('dlq-messages').hidden = rows.length === 0;
    $('dlq-result').textContent = rows.length === 0 ? 'The dead-letter queue is empty.' : `${rows.length} messages (peeked, not taken).`;
  } catch (error) {
    showError(error);
  }
}

async function redrive() {
  if (!window.confirm('Move up to 10 messages from the dead-letter queue back to the events queue?')) return;
  try {
    const result = await call('POST', '/api/admin/dead-letters/redrive?max=10');
    $('dlq-result').textContent = `Moved ${result.moved}, failed ${result.failed}.`;
    await refresh();
  } catch (error) {
    showError(error);
  }
}

function start() {
  clearInterval(timer);
  refresh();
  timer = setInterval(refresh, REFRESH_MS);
}

$('admin-token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(KEY, $('admin-token').value.trim());
  start();
});
$('admin-refresh').addEventListener('click', refresh);
$('dlq-peek').addEventListener('click', peek);
$('dlq-redrive').addEventListener('click', redrive);
$('admin-dev-token').addEventListener('click', async () => {
  try {
    const minted = await call('POST', '/api/dev/token', { userId: 'operator', tenants: ['ops'], role: 'operator', hours: 8 });
    sessionStorage.setItem(KEY, minted.token);
    start();
  } catch (error) {
    showError(error);
  }
});

// The development token button only where the gateway mints tokens (Development): an empty request answers 400 there.
call('POST', '/api/dev/token', {}).catch((error) => { $('admin-dev-token').hidden = error.status !== 400; });
if (sessionStorage.getItem(KEY)) start();
