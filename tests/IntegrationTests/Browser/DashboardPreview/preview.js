// A static preview of a Grafana dashboard, for a machine without Grafana: the panels on Grafana's 24-column grid with
// their titles, each filled from one real /metrics scrape with the series its queries name. It evaluates no PromQL:
// counters and gauges show their current values summed per legend label, histograms the quantile their query asks
// for, computed from the cumulative buckets since the host started. See docs/operations.md, "Grafana dashboard".

const COLORS = ['#73bf69', '#f2cc0c', '#5794f2', '#ff9830', '#f2495c', '#b877d9', '#8ab8ff', '#96d98d'];

/** Samples of one scrape, with the target labels Prometheus would add (job, pod). */
function parseScrape(text, target) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels = { job: target.job, pod: target.pod };
    for (const pair of (match[3] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]] = pair[2];
    samples.push({ name: match[1], labels, value: Number(match[4]) });
  }
  return samples;
}

/** Plain label matchers of the query (`queue="events"`), Grafana variables left out. */
function matchers(expr) {
  return [...expr.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="([^"$]*)"/g)].map((m) => [m[1], m[2]]);
}

function legendKey(format, labels) {
  return format.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) => labels[name] ?? '');
}

function quantile(q, buckets) {
  const sorted = [...buckets.entries()].map(([le, count]) => [le === '+Inf' ? Infinity : Number(le), count]).sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total === 0) return null;
  const rank = q * total;
  let previous = [0, 0];
  for (const [le, count] of sorted) {
    if (count >= rank) {
      if (le === Infinity) return previous[0];
      return previous[0] + ((le - previous[0]) * (rank - previous[1])) / Math.max(1e-9, count - previous[1]);
    }
    previous = [le, count];
  }
  return null;
}

/** The query's outer aggregation (sum, min or max), which the preview applies across series of one legend. */
function combine(expr) {
  const op = /^\s*(sum|min|max)\b/.exec(expr)?.[1] ?? 'sum';
  return op === 'min' ? Math.min : op === 'max' ? Math.max : (a, b) => a + b;
}

function evaluate(target, samples) {
  const merge = combine(target.expr);
  const metrics = [...new Set(target.expr.match(/\b(?:buildpeer|dotnet)_[a-z0-9_]+/g) ?? [])];
  const filters = matchers(target.expr);
  const rows = new Map();
  for (const metric of metrics) {
    const selected = samples.filter((s) => s.name === metric && filters.every(([k, v]) => s.labels[k] === v));
    if (metric.endsWith('_bucket')) {
      const q = Number(/histogram_quantile\(\s*([0-9.]+)/.exec(target.expr)?.[1] ?? 0.5);
      const groups = new Map();
      for (const s of selected) {
        const key = legendKey(target.legendFormat ?? metric, s.labels);
        const buckets = groups.get(key) ?? new Map();
        buckets.set(s.labels.le, (buckets.get(s.labels.le) ?? 0) + s.value);
        groups.set(key, buckets);
      }
      for (const [key, buckets] of groups) {
        const value = quantile(q, buckets);
        if (value !== null) rows.set(key, value);
      }
    } else {
      for (const s of selected) {
        const key = legendKey(target.legendFormat ?? metric, s.labels);
        rows.set(key, rows.has(key) ? merge(rows.get(key), s.value) : s.value);
      }
    }
  }
  return rows;
}

function format(value, unit) {
  if (unit === 's') return value >= 1 ? `${value.toFixed(2)} s` : `${(value * 1000).toFixed(0)} ms`;
  if (unit === 'bytes') return `${(value / 1048576).toFixed(0)} MiB`;
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param scrapes [{job, pod, text}]: one /metrics answer per host. */
window.renderPreview = (dashboard, scrapes, source) => {
  const samples = scrapes.flatMap((scrape) => parseScrape(scrape.text, scrape));
  document.getElementById('title').textContent = `${dashboard.title} (static preview)`;
  document.getElementById('note').textContent =
    `Layout and queries of ${dashboard.uid}; values from one scrape of ${source}: counters since start, histograms' quantiles since start. Not Grafana.`;
  const grid = document.getElementById('grid');
  const column = 1200 / 24, row = 34;
  let filled = 0;
  for (const panel of dashboard.panels) {
    const box = element('section', 'panel');
    box.dataset.title = panel.title;
    Object.assign(box.style, {
      left: `${panel.gridPos.x * column}px`, top: `${panel.gridPos.y * row}px`,
      width: `${panel.gridPos.w * column - 6}px`, height: `${panel.gridPos.h * row - 6}px`,
    });
    box.append(element('h2', '', panel.title));
    const unit = panel.fieldConfig?.defaults?.unit;
    const rows = new Map();
    for (const target of panel.targets) {
      box.append(element('div', 'query', target.expr));
      for (const [key, value] of evaluate(target, samples)) rows.set(key, value);
    }
    box.dataset.series = String(rows.size);
    if (rows.size > 0) filled++;
    if (panel.type === 'stat') {
      box.append(element('div', 'stat', rows.size ? format([...rows.values()][0], unit) : '–'));
    } else if (rows.size === 0) {
      box.append(element('div', 'none', 'No series in this scrape yet.'));
    } else {
      const list = element('div', 'series');
      const max = Math.max(...rows.values(), 1e-9);
      [...rows.entries()].slice(0, 12).forEach(([key, value], index) => {
        const bar = element('div', 'bar');
        Object.assign(bar.style, { width: `${Math.max(1, (100 * value) / max)}%`, background: COLORS[index % COLORS.length] });
        list.append(element('span', '', key || '(all)'), bar, element('span', 'value', format(value, unit)));
      });
      box.append(list);
    }
    grid.append(box);
  }
  grid.style.height = `${Math.max(...dashboard.panels.map((p) => (p.gridPos.y + p.gridPos.h) * row))}px`;
  return { panels: dashboard.panels.length, filled };
};
