/**
 * The hourly delay-risk chart: 24 bars for the hours of one Toronto day, the trip's hour
 * highlighted, and the route's usual rate as a dashed line. Rendered on the server as SVG for the
 * web pages and as PNG (through resvg) for the bot's Adaptive Card, from the same drawing code.
 *
 * Scales and ticks come from d3-scale; the marks are plain SVG elements with presentation
 * attributes only (no style attributes, no script), so the SVG can be inlined in a page under a
 * strict Content-Security-Policy. Results are cached: a chart depends only on its inputs.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { scaleBand, scaleLinear } from 'd3-scale';
import type { HourlyRisk } from '../model/types';

export interface RiskChartOptions {
  /** A heading drawn above the bars, e.g. "504 King eastbound, Wed Nov 25". */
  title?: string;
  /** Pixel size of the SVG's coordinate system (the PNG is rendered at `scale` times this). */
  width?: number;
  height?: number;
  /** PNG only: device pixels per SVG pixel (default 2, sharp on high-density screens). */
  scale?: number;
}

/** The font the chart names, shipped by the dejavu-fonts-ttf package so PNG text renders anywhere. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

const COLORS = {
  bar: '#9bb3d4',
  barHighlight: '#c2410c',
  usual: '#1f2937',
  grid: '#e5e7eb',
  axis: '#6b7280',
  text: '#111827',
  background: '#ffffff',
};

/** A white outline behind labels drawn over bars, so they stay readable. */
const HALO = ' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"';

const MARGIN = { top: 34, right: 14, bottom: 40, left: 46 };
const CACHE_LIMIT = 512;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function percent(p: number): string {
  return `${Math.round(p * 100)}%`;
}

function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/** A bounded cache that forgets the least recently used entry first. */
class LruCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.limit) {
      const oldest = this.map.keys().next().value;
      if (oldest !== undefined) this.map.delete(oldest);
    }
  }
  clear(): void {
    this.map.clear();
  }
  get size(): number {
    return this.map.size;
  }
}

const svgCache = new LruCache<string>(CACHE_LIMIT);
const pngCache = new LruCache<Buffer>(CACHE_LIMIT);

function cacheKey(hours: readonly HourlyRisk[], highlightHour: number | null, usual: number, options: RiskChartOptions): string {
  const probs = hours.map((h) => `${h.hour}:${h.probability.toFixed(5)}`).join(',');
  return `${probs}|${highlightHour ?? '-'}|${usual.toFixed(5)}|${options.title ?? ''}|${options.width ?? ''}x${options.height ?? ''}`;
}

/** A short description of the chart for screen readers and for the card's alt text. */
export function describeRiskChart(hours: readonly HourlyRisk[], highlightHour: number | null, usual: number): string {
  if (hours.length === 0) return 'No hourly risk is available.';
  let worst = hours[0];
  let best = hours[0];
  for (const h of hours) {
    if (h.probability > worst.probability) worst = h;
    if (h.probability < best.probability) best = h;
  }
  const parts = [
    `Hourly delay risk: lowest at ${hourLabel(best.hour)} (${percent(best.probability)}), highest at ${hourLabel(worst.hour)} (${percent(worst.probability)}); usually ${percent(usual)}.`,
  ];
  const trip = highlightHour === null ? undefined : hours.find((h) => h.hour === highlightHour);
  if (trip) parts.push(`Your trip's hour, ${hourLabel(trip.hour)}: ${percent(trip.probability)}.`);
  return parts.join(' ');
}

function validate(hours: readonly HourlyRisk[], highlightHour: number | null, usual: number): void {
  if (hours.length === 0 || hours.length > 25) throw new RangeError(`expected the hours of one day, got ${hours.length}`);
  for (const h of hours) {
    if (!Number.isInteger(h.hour) || h.hour < 0 || h.hour > 23) throw new RangeError(`hour ${h.hour} is not 0–23`);
    if (!Number.isFinite(h.probability) || h.probability < 0 || h.probability > 1) {
      throw new RangeError(`probability ${h.probability} at hour ${h.hour} is not 0–1`);
    }
  }
  if (!Number.isFinite(usual) || usual < 0 || usual > 1) throw new RangeError(`usual rate ${usual} is not 0–1`);
  if (highlightHour !== null && (!Number.isInteger(highlightHour) || highlightHour < 0 || highlightHour > 23)) {
    throw new RangeError(`highlighted hour ${highlightHour} is not 0–23`);
  }
}

function drawSvg(hours: readonly HourlyRisk[], highlightHour: number | null, usual: number, options: RiskChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 260;
  const innerW = width - MARGIN.left - MARGIN.right;
  const innerH = height - MARGIN.top - MARGIN.bottom;
  const maxP = Math.max(usual, ...hours.map((h) => h.probability), 0.05);

  // 24 bands, one per clock hour (a day with a repeated or skipped hour still shows 0–23).
  const x = scaleBand<number>()
    .domain(Array.from({ length: 24 }, (_, h) => h))
    .range([MARGIN.left, MARGIN.left + innerW])
    .paddingInner(0.18)
    .paddingOuter(0.1);
  const y = scaleLinear().domain([0, Math.min(1, maxP * 1.12)]).nice(5).range([MARGIN.top + innerH, MARGIN.top]);
  const ticks = y.ticks(5);
  const fmt = y.tickFormat(5, '.0%');
  const bandwidth = x.bandwidth();
  const baseY = y(0);

  const out: string[] = [];
  const titleId = 'risk-chart-title';
  const descId = 'risk-chart-desc';
  const description = describeRiskChart(hours, highlightHour, usual);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${titleId} ${descId}" font-family="${CHART_FONT_FAMILY}, Verdana, sans-serif" font-size="11">`,
    `<title id="${titleId}">${escapeXml(options.title ?? 'Delay risk by hour')}</title>`,
    `<desc id="${descId}">${escapeXml(description)}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="${COLORS.background}"/>`,
  );
  if (options.title) {
    out.push(`<text x="${MARGIN.left}" y="18" font-size="13" font-weight="bold" fill="${COLORS.text}">${escapeXml(options.title)}</text>`);
  }

  // Grid lines and the y axis (percent).
  out.push('<g class="y-axis">');
  for (const t of ticks) {
    const ty = y(t).toFixed(1);
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + innerW}" y1="${ty}" y2="${ty}" stroke="${COLORS.grid}" stroke-width="1"/>`,
      `<text x="${MARGIN.left - 6}" y="${ty}" dy="0.32em" text-anchor="end" fill="${COLORS.axis}">${escapeXml(fmt(t))}</text>`,
    );
  }
  out.push('</g>');

  // Bars. The trip's label is drawn last, above the usual line.
  let tripLabel = '';
  out.push('<g class="bars">');
  for (const h of hours) {
    const bx = x(h.hour);
    if (bx === undefined) continue;
    const top = y(h.probability);
    const isTrip = h.hour === highlightHour;
    out.push(
      `<rect x="${bx.toFixed(1)}" y="${top.toFixed(1)}" width="${bandwidth.toFixed(1)}" height="${Math.max(0, baseY - top).toFixed(1)}" fill="${isTrip ? COLORS.barHighlight : COLORS.bar}"${isTrip ? ' data-trip-hour="true"' : ''}><title>${hourLabel(h.hour)}: ${percent(h.probability)}${isTrip ? ' (your trip)' : ''}</title></rect>`,
    );
    if (isTrip) {
      tripLabel = `<text x="${(bx + bandwidth / 2).toFixed(1)}" y="${(top - 5).toFixed(1)}" text-anchor="middle" font-weight="bold" fill="${COLORS.barHighlight}"${HALO}>${percent(h.probability)}</text>`;
    }
  }
  out.push('</g>');

  // The usual rate.
  const uy = y(usual).toFixed(1);
  out.push(
    `<g class="usual"><line x1="${MARGIN.left}" x2="${MARGIN.left + innerW}" y1="${uy}" y2="${uy}" stroke="${COLORS.usual}" stroke-width="1.5" stroke-dasharray="5 4"/>`,
    `<text x="${MARGIN.left + innerW}" y="${(Number(uy) - 4).toFixed(1)}" text-anchor="end" fill="${COLORS.usual}"${HALO}>usual ${percent(usual)}</text></g>`,
  );

  // The x axis: every third hour labelled.
  out.push(`<g class="x-axis"><line x1="${MARGIN.left}" x2="${MARGIN.left + innerW}" y1="${baseY}" y2="${baseY}" stroke="${COLORS.axis}" stroke-width="1"/>`);
  for (let hour = 0; hour < 24; hour += 3) {
    const bx = x(hour);
    if (bx === undefined) continue;
    const cx = (bx + bandwidth / 2).toFixed(1);
    out.push(
      `<line x1="${cx}" x2="${cx}" y1="${baseY}" y2="${baseY + 4}" stroke="${COLORS.axis}" stroke-width="1"/>`,
      `<text x="${cx}" y="${baseY + 16}" text-anchor="middle" fill="${COLORS.axis}">${hourLabel(hour)}</text>`,
    );
  }
  out.push(
    `<text x="${MARGIN.left + innerW / 2}" y="${height - 6}" text-anchor="middle" fill="${COLORS.axis}">hour of the day (Toronto time)</text></g>`,
  );

  out.push(tripLabel);

  // Legend, top right.
  const lx = width - MARGIN.right - 120;
  out.push(
    `<g class="legend"><rect x="${lx}" y="8" width="10" height="10" fill="${COLORS.barHighlight}"/>`,
    `<text x="${lx + 14}" y="17" fill="${COLORS.text}">your trip's hour</text></g>`,
  );
  out.push('</svg>');
  return out.join('');
}

/**
 * The chart as an SVG document (also fine to inline in HTML).
 * @param hours the 24 hours of one day, from DelayPredictor.hourlyRisk
 * @param highlightHour the trip's Toronto hour (0–23), or null for none
 * @param usualProbability the route and direction's usual rate, drawn as a dashed line
 */
export function renderRiskChartSvg(
  hours: readonly HourlyRisk[],
  highlightHour: number | null,
  usualProbability: number,
  options: RiskChartOptions = {},
): string {
  const key = cacheKey(hours, highlightHour, usualProbability, options);
  const cached = svgCache.get(key);
  if (cached !== undefined) return cached;
  validate(hours, highlightHour, usualProbability);
  const svg = drawSvg(hours, highlightHour, usualProbability, options);
  svgCache.set(key, svg);
  return svg;
}

let fontFiles: string[] | undefined;
function chartFontFiles(): string[] {
  if (!fontFiles) {
    const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fontFiles = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => join(dir, f));
    const missing = fontFiles.filter((f) => !existsSync(f));
    if (missing.length > 0) throw new Error(`chart font missing: ${missing.join(', ')} (npm ci installs dejavu-fonts-ttf)`);
  }
  return fontFiles;
}

/** The chart as PNG bytes, with text in the bundled DejaVu Sans (no system fonts needed). */
export function renderRiskChartPng(
  hours: readonly HourlyRisk[],
  highlightHour: number | null,
  usualProbability: number,
  options: RiskChartOptions = {},
): Buffer {
  const scale = options.scale ?? 2;
  const key = `${cacheKey(hours, highlightHour, usualProbability, options)}|@${scale}`;
  const cached = pngCache.get(key);
  if (cached !== undefined) return cached;
  const svg = renderRiskChartSvg(hours, highlightHour, usualProbability, options);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: {
      fontFiles: chartFontFiles(),
      loadSystemFonts: false,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
    },
    background: COLORS.background,
  });
  const png = resvg.render().asPng();
  pngCache.set(key, png);
  return png;
}

/** The PNG as a data: URI, for an Adaptive Card Image whose url must be self-contained. */
export function renderRiskChartDataUri(
  hours: readonly HourlyRisk[],
  highlightHour: number | null,
  usualProbability: number,
  options: RiskChartOptions = {},
): string {
  return `data:image/png;base64,${renderRiskChartPng(hours, highlightHour, usualProbability, options).toString('base64')}`;
}

/** For tests and benchmarks: forget cached charts. */
export function clearRiskChartCache(): void {
  svgCache.clear();
  pngCache.clear();
}
