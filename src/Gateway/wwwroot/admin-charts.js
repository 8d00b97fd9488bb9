// Small SVG charts for the operators' page: horizontal bars and lines over time. Built with DOM calls (text is
// never parsed as markup) and presentation attributes only, which the page's Content-Security-Policy allows.

const SVG = 'http://www.w3.org/2000/svg';
export const PALETTE = ['#0b57d0', '#146c2e', '#b3261e', '#9e4a00', '#6b3fa0', '#00696e', '#4a5360'];

function node(name, attributes = {}, text = undefined) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function show(figure, svg, label) {
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  figure.replaceChildren(svg);
}

/** One bar per {label, value, color?}, longest to scale; the number is written after each bar. */
export function barChart(figure, bars, { label, format = String } = {}) {
  if (bars.length === 0) {
    const empty = document.createElement('p');
    empty.className = 'empty';
    empty.textContent = 'Nothing to show.';
    figure.replaceChildren(empty);
    return;
  }
  const width = 640, row = 26, labelWidth = 200, valueWidth = 90;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const svg = node('svg', { viewBox: `0 0 ${width} ${bars.length * row + 4}` });
  bars.forEach((bar, index) => {
    const y = index * row + 2;
    const length = Math.max(bar.value > 0 ? 2 : 0, ((width - labelWidth - valueWidth) * bar.value) / max);
    const group = node('g', { 'data-label': bar.label, 'data-value': bar.value });
    group.append(
      node('text', { x: labelWidth - 8, y: y + 17, 'text-anchor': 'end' }, bar.label),
      node('rect', { x: labelWidth, y: y + 4, width: length, height: row - 8, rx: 3, fill: bar.color ?? PALETTE[index % PALETTE.length] }),
      node('text', { x: labelWidth + length + 6, y: y + 17, class: 'value' }, format(bar.value)),
    );
    svg.append(group);
  });
  svg.append(node('line', { x1: labelWidth, x2: labelWidth, y1: 0, y2: bars.length * row + 4, class: 'axis' }));
  show(figure, svg, label ?? bars.map((bar) => `${bar.label}: ${format(bar.value)}`).join(', '));
}

/** Lines of {name, color, points: [{t: Date, v: number}]}, with the latest value in the legend. */
export function lineChart(figure, series, { label } = {}) {
  const width = 640, height = 180, left = 40, bottom = 20, legend = 22;
  const points = series.flatMap((line) => line.points);
  const svg = node('svg', { viewBox: `0 0 ${width} ${height + legend}` });
  if (points.length > 0) {
    const t0 = Math.min(...points.map((p) => p.t.getTime()));
    const t1 = Math.max(t0 + 1, ...points.map((p) => p.t.getTime()));
    const max = Math.max(1, ...points.map((p) => p.v));
    const x = (t) => left + ((width - left - 10) * (t.getTime() - t0)) / (t1 - t0);
    const y = (v) => height - bottom - ((height - bottom - 10) * v) / max;
    svg.append(
      node('line', { x1: left, x2: width - 10, y1: height - bottom, y2: height - bottom, class: 'axis' }),
      node('text', { x: left - 6, y: y(max) + 4, 'text-anchor': 'end', class: 'value' }, String(max)),
      node('text', { x: left - 6, y: height - bottom + 4, 'text-anchor': 'end', class: 'value' }, '0'),
    );
    series.forEach((line, index) => {
      const color = line.color ?? PALETTE[index % PALETTE.length];
      const path = line.points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ');
      svg.append(node('polyline', { points: path, fill: 'none', stroke: color, 'stroke-width': 2 }));
      for (const p of line.points) svg.append(node('circle', { cx: x(p.t), cy: y(p.v), r: 2.5, fill: color }));
    });
  }
  let at = left;
  series.forEach((line, index) => {
    const latest = line.points.at(-1)?.v ?? '–';
    const text = `${line.name}: ${latest}`;
    svg.append(
      node('rect', { x: at, y: height + 6, width: 10, height: 10, fill: line.color ?? PALETTE[index % PALETTE.length] }),
      node('text', { x: at + 14, y: height + 15 }, text),
    );
    at += 24 + text.length * 7;
  });
  show(figure, svg, label ?? series.map((line) => `${line.name}: ${line.points.at(-1)?.v ?? 'none'}`).join(', '));
}
