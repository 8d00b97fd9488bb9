// The page: sign in (a pasted token, or a development token minted by the gateway), pick a project, drop files.

import { Api } from './api.js';
import { clockTime } from './format.js';
import { LiveStatus } from './live.js';
import { Session } from './session.js';
import { UploadStore } from './store.js';
import { UnfinishedUploads } from './unfinished.js';
import { Uploader } from './uploader.js';
import { UploadList } from './view.js';

const $ = (id) => document.getElementById(id);

let session = Session.load();
const api = new Api(() => session);
const list = new UploadList($('uploads'), {
  pause: (upload) => uploader.pause(upload),
  resume: (upload) => uploader.resume(upload),
  retry: (upload) => uploader.retry(upload),
  cancel: (upload) => uploader.cancel(upload),
}, (uploadId) => uploader.uploads.find((upload) => upload.uploadId === uploadId)?.name);
const live = new LiveStatus(api, (status) => uploader.applyStatus(status), showLiveMode);
// Unfinished uploads outlive the page in IndexedDB (store.js), where the browser has it.
const store = globalThis.indexedDB ? new UploadStore() : null;
const uploader = new Uploader(api, live, {
  onChange: (upload) => list.show(upload),
  onRemove: (upload) => list.remove(upload),
  onStored: () => unfinished?.show(),
  announce,
}, store);
const unfinished = store && new UnfinishedUploads(
  { box: $('unfinished-box'), list: $('unfinished'), note: $('unfinished-note') },
  { store, api, uploader, account: () => session && { tenant: session.tenant, user: session.user }, announce });

api.onUnauthorized = () => {
  uploader.hold();
  showSessionError('Your token expired or was refused. Sign in again; paused uploads can then be resumed.');
  showSignedOut();
};

// ---- sign in ------------------------------------------------------------------------------------------------

$('mint-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const user = $('mint-user').value.trim();
  const tenant = $('mint-tenant').value.trim();
  try {
    const minted = await api.mintDevToken(user, tenant, $('mint-role').value);
    signIn(new Session(minted.token, tenant));
  } catch (error) {
    showSessionError(`No token: ${error.message} ${error.detail}`);
  }
});

$('paste-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const candidate = new Session($('paste-token').value.trim().replace(/^Bearer\s+/i, ''));
  if (!candidate.claims) {
    showSessionError('That is not a JWT: paste the token itself (three parts separated by dots).');
  } else if (candidate.expired) {
    showSessionError('That token has expired.');
  } else if (candidate.tenants.length === 0) {
    showSessionError('That token names no tenant.');
  } else {
    $('paste-token').value = '';
    signIn(candidate);
  }
});

$('sign-out').addEventListener('click', () => {
  uploader.pauseAll();
  live.close();
  session = null;
  Session.clear();
  showSignedOut();
});

$('tenant').addEventListener('change', () => {
  session.tenant = $('tenant').value;
  session.save();
  showSignedIn();
});

function signIn(next) {
  session = next;
  session.save();
  hideSessionError();
  showSignedIn();
  uploader.release();
}

function showSignedIn() {
  $('signed-out').hidden = true;
  $('signed-in').hidden = false;
  const expires = session.expiresAt ? `, token valid until ${clockTime(session.expiresAt)}` : '';
  $('identity').textContent = `Signed in as ${session.user} (${session.roles.join(', ') || 'no role'})${expires}.`;
  $('tenant').replaceChildren(...session.tenants.map((tenant) => new Option(tenant, tenant, false, tenant === session.tenant)));
  $('tenant').disabled = session.tenants.length < 2;
  $('project-panel').hidden = false;
  $('create-project').hidden = !session.isTenantAdmin;
  $('project-search').value = '';
  loadProjects();
  unfinished?.show();
}

function showSignedOut() {
  $('signed-in').hidden = true;
  $('signed-out').hidden = false;
  $('project-panel').hidden = true;
  $('files-panel').hidden = true;
}

function showSessionError(text) {
  $('session-error').textContent = text;
  $('session-error').hidden = false;
}

function hideSessionError() {
  $('session-error').hidden = true;
}

/** The minting form is offered only where the gateway has the endpoint (Development): a probe that must fail. */
async function probeDevTokens() {
  try {
    await api.request('POST', '/api/dev/token', {});
  } catch (error) {
    $('mint-form').hidden = error.status !== 400;
  }
}

// ---- project --------------------------------------------------------------------------------------------------

const lastProjectKey = () => `buildpeer.project.${session.tenant}.${session.user}`;

// A page of the picker: enough to choose from, small enough to load at once; search or "More…" reach the rest.
const projectPageSize = 50;
const searchDelayMs = 300;

// What the picker shows: the projects loaded so far for search q, and where the next page starts; requested is the
// search of the latest load, which may still be on its way.
const picked = { projects: [], nextCursor: null, q: '', requested: '', generation: 0 };

/** Loads the first page for the search in the box, selecting `select` (or the last project used) where it can. */
async function loadProjects(select) {
  const q = $('project-search').value.trim();
  const generation = ++picked.generation;
  picked.requested = q;
  $('project').disabled = true;
  $('more-projects').hidden = true;
  $('project-hint').textContent = q ? `Searching for “${q}”…` : 'Loading your projects…';
  try {
    const page = await api.listProjects({ q, limit: projectPageSize });
    // A later search has started meanwhile: its answer is the one to show.
    if (generation !== picked.generation) return;
    Object.assign(picked, { projects: page.projects, nextCursor: page.nextCursor ?? null, q });
    showProjects(select ?? localStorage.getItem(lastProjectKey()));
  } catch (error) {
    if (generation !== picked.generation) return;
    $('project-hint').textContent = `Projects could not be loaded: ${error.message}`;
  }
  projectChanged();
}

/** Appends the next page of the same search, keeping the current selection. */
async function loadMoreProjects() {
  const generation = picked.generation;
  const current = $('project').disabled ? null : $('project').value;
  $('more-projects').disabled = true;
  try {
    const page = await api.listProjects({ q: picked.q, limit: projectPageSize, after: picked.nextCursor });
    if (generation !== picked.generation) return;
    picked.projects = [...picked.projects, ...page.projects];
    picked.nextCursor = page.nextCursor ?? null;
    showProjects(current);
    announce(`${page.projects.length} more project${page.projects.length === 1 ? '' : 's'} in the list.`);
  } catch (error) {
    $('project-hint').textContent = `More projects could not be loaded: ${error.message}`;
  } finally {
    $('more-projects').disabled = false;
  }
  projectChanged();
}

function showProjects(wanted) {
  const { projects, nextCursor, q } = picked;
  const picker = $('project');
  picker.replaceChildren(...projects.map((project) => {
    const limits = project.canUpload ? '' : project.role ? ', view only' : ', not a member';
    const label = `${project.name || project.projectId} (${project.projectId})${limits}`;
    const option = new Option(label, project.projectId, false, project.projectId === wanted);
    option.disabled = !project.canUpload;
    return option;
  }));
  const uploadable = projects.filter((project) => project.canUpload);
  if (picker.selectedOptions[0]?.disabled || !projects.some((project) => project.projectId === wanted)) {
    picker.value = uploadable[0]?.projectId ?? '';
  }
  picker.disabled = uploadable.length === 0;
  $('more-projects').hidden = !nextCursor;
  const more = nextCursor ? ' Search or load more to find others.' : '';
  $('project-hint').textContent = projects.length === 0
    ? q
      ? `No project of yours matches “${q}”.`
      : `You are in no project of ${session.tenant} yet.${session.isTenantAdmin ? ' Create one below.' : ' A tenant administrator or project manager can add you.'}`
    : uploadable.length === 0 ? `Your role in these projects does not allow uploads.${more}` : '';
}

let searchTimer = 0;

/** Searches as the person types, once they pause: one request per pause, not per key. */
function searchChanged() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    if ($('project-search').value.trim() !== picked.requested) loadProjects();
  }, searchDelayMs);
}

function searchKeyDown(event) {
  if (event.key !== 'Enter') return;
  clearTimeout(searchTimer);
  loadProjects();
}

function projectChanged() {
  const projectId = $('project').disabled ? '' : $('project').value;
  if (projectId) localStorage.setItem(lastProjectKey(), projectId);
  $('files-panel').hidden = !projectId;
}

$('project').addEventListener('change', projectChanged);
$('reload-projects').addEventListener('click', () => loadProjects());
$('more-projects').addEventListener('click', loadMoreProjects);
$('project-search').addEventListener('input', searchChanged);
$('project-search').addEventListener('keydown', searchKeyDown);

$('create-project-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const projectId = $('new-project-id').value.trim();
  try {
    await api.createProject(projectId, $('new-project-name').value.trim());
    // Uploading takes membership, even for the tenant admin who created the project.
    await api.setMember(projectId, session.user, 'MANAGER');
    $('create-project-form').reset();
    // Found by its id: among many projects, the new one need not be on the first page.
    $('project-search').value = projectId;
    await loadProjects(projectId);
    announce(`Project ${projectId} created.`);
  } catch (error) {
    $('project-hint').textContent = `The project was not created: ${error.message}`;
  }
});

// ---- files ----------------------------------------------------------------------------------------------------

const dropzone = $('dropzone');
const fileInput = $('file-input');

function addFiles(files) {
  const projectId = $('project').value;
  if (!session || !projectId || files.length === 0) return;
  uploader.add(files, { projectId, tenant: session.tenant, user: session.user });
  announce(`${files.length} file${files.length === 1 ? '' : 's'} added to ${projectId}.`);
}

dropzone.addEventListener('click', () => fileInput.click());
dropzone.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    fileInput.click();
  }
});
for (const type of ['dragenter', 'dragover']) {
  dropzone.addEventListener(type, (event) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    dropzone.classList.add('dragging');
  });
}
dropzone.addEventListener('dragleave', () => dropzone.classList.remove('dragging'));
dropzone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropzone.classList.remove('dragging');
  addFiles([...event.dataTransfer.files]);
});
// A file dropped beside the zone must not replace the page (and its uploads) with the file itself.
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => event.preventDefault());

// The picker and, on a phone, the camera (capture="environment" opens the rear camera straight away).
for (const input of [fileInput, $('camera-input')]) {
  input.addEventListener('change', () => {
    addFiles([...input.files]);
    input.value = '';
  });
}

$('pause-all').addEventListener('click', () => uploader.pauseAll());
$('resume-all').addEventListener('click', () => uploader.resumeAll());
$('clear-finished').addEventListener('click', () => uploader.clearFinished());

window.addEventListener('beforeunload', (event) => {
  // The browser asks whether to leave: the transfers stop (what storage acknowledged is kept to resume, store.js).
  if (uploader.busy) event.preventDefault();
});

// ---- status ---------------------------------------------------------------------------------------------------

function showLiveMode(mode, transport) {
  $('live-mode').textContent = {
    push: transport === 'hub' ? 'Live status: pushed by the server (WebSocket).' : 'Live status: pushed by the server.',
    polling: 'Live status: polling every 2 s (no push stream).',
  }[mode] ?? '';
  document.body.dataset.liveMode = mode;
  // Which push transport is in use: 'hub' (SignalR) or 'sse' (event stream); empty while not pushed.
  document.body.dataset.liveTransport = transport;
}

let announcementTimer = 0;

/** One polite announcement at a time for screen readers; progress ticks are left to the progress bars. */
function announce(text) {
  clearTimeout(announcementTimer);
  $('announcer').textContent = '';
  announcementTimer = setTimeout(() => {
    $('announcer').textContent = text;
  }, 50);
}

// Installable: the worker keeps the page's own files (never the API or storage), see sw.js.
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('sw.js').catch((error) => console.warn('Service worker not registered', error));
}

probeDevTokens();
if (session) showSignedIn();
else showSignedOut();
