import { html, SafeHtml } from './html';

export interface BarDatum {
  label: string;
  value: number;
  /** A CSS class for the bar (e.g. risk-CRITICAL); the default is the accent colour. */
  tone?: string;
}

/**
 * A horizontal bar chart as inline SVG, drawn on the server: no chart library, no script, readable by screen
 * readers through its title and the list of values it is described by.
 */
export function barChart(id: string, title: string, data: BarDatum[], emptyText: string): SafeHtml {
  if (data.length === 0) return html`<figure class="chart"><figcaption>${title}</figcaption><p class="muted">${emptyText}</p></figure>`;
  const rowHeight = 26;
  const labelWidth = 150;
  const barSpace = 200;
  const width = labelWidth + barSpace + 50;
  const height = data.length * rowHeight + 8;
  const max = Math.max(1, ...data.map((d) => d.value));
  const rows = data.map((d, i) => {
    const y = 4 + i * rowHeight;
    const w = Math.max(d.value > 0 ? 2 : 0, Math.round((d.value / max) * barSpace));
    return html`<g><text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" class="chart-label">${truncate(d.label, 22)}</text><rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 8}" rx="2" class="chart-bar ${d.tone ?? ''}"></rect><text x="${labelWidth + w + 6}" y="${y + 16}" class="chart-value">${d.value}</text></g>`;
  });
  return html`<figure class="chart" id="${id}"><figcaption id="${id}-title">${title}</figcaption>
<svg role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><desc id="${id}-desc">${data.map((d) => `${d.label}: ${d.value}`).join('; ')}</desc>${rows}</svg></figure>`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A column chart for a series over time (oldest left), as inline SVG with the values in its description. */
export function columnChart(id: string, title: string, data: BarDatum[], emptyText: string): SafeHtml {
  if (data.length === 0) return html`<figure class="chart"><figcaption>${title}</figcaption><p class="muted">${emptyText}</p></figure>`;
  const columnWidth = 28;
  const chartHeight = 110;
  const top = 16;
  const width = data.length * columnWidth + 10;
  const height = top + chartHeight + 22;
  const max = Math.max(1, ...data.map((d) => d.value));
  const columns = data.map((d, i) => {
    const x = 5 + i * columnWidth;
    const h = Math.max(d.value > 0 ? 2 : 0, Math.round((d.value / max) * chartHeight));
    const y = top + chartHeight - h;
    return html`<g><rect x="${x + 4}" y="${y}" width="${columnWidth - 8}" height="${h}" rx="2" class="chart-bar ${d.tone ?? ''}"></rect><text x="${x + columnWidth / 2}" y="${y - 4}" text-anchor="middle" class="chart-value">${d.value}</text><text x="${x + columnWidth / 2}" y="${top + chartHeight + 16}" text-anchor="middle" class="chart-label chart-small">${d.label}</text></g>`;
  });
  return html`<figure class="chart" id="${id}"><figcaption id="${id}-title">${title}</figcaption>
<svg role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><desc id="${id}-desc">${data.map((d) => `${d.label}: ${d.value}`).join('; ')}</desc>${columns}</svg></figure>`;
}
