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
import type * as Resvg from '@resvg/resvg-js';
import type * as D3Scale from 'd3-scale';
import type { HourlyRisk } from '../model/types';
import { CHART_CATALOGUES, type Locale } from './catalogue';
import { chanceOf, sameChance, type HourProfile } from './risk-words';

// The renderer (a native addon) and d3-scale are loaded on first use, not at start: a server
// whose cards link to the chart draws one only when a client asks for it.
let resvgLoaded: typeof Resvg | undefined;
let d3ScaleLoaded: typeof D3Scale | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const resvgModule = (): typeof Resvg => (resvgLoaded ??= require('@resvg/resvg-js') as typeof Resvg);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const d3Scale = (): typeof D3Scale => (d3ScaleLoaded ??= require('d3-scale') as typeof D3Scale);

export interface RiskChartOptions {
  /** A heading drawn above the bars, e.g. "504 King eastbound, Wed Nov 25". */
  title?: string;
  /**
   * 'wide' (640 units across, for a desktop page or a standalone image) or 'narrow' (360 units,
   * larger type, a label every six hours: readable on a phone and in a chat card).
   */
  layout?: ChartLayout;
  /**
   * Whether the hourly shape is the network's ('network': every route of its kind has the same
   * rise and fall through the day, the route only sets the level) or the route's own. The chart
   * and its description say so for 'network'. The caller decides (see ./hour-profile.ts).
   */
  profile?: HourProfile;
  /** Day or night routes, for the words of the network note (default day). */
  routeKind?: 'day' | 'night';
  /**
   * Whether the network note is drawn in the image too (default true). The description always
   * says it; a chat card that shows the note as its own caption leaves it out of its small PNG.
   */
  drawNote?: boolean;
  /** Prefix of the SVG's element ids, so two charts can share a page (default "risk-chart"). */
  idPrefix?: string;
  /** PNG only: device pixels per SVG pixel (default 2, sharp on high-density screens). */
  scale?: number;
  /** The language of the chart's words. */
  locale?: Locale;
}

export type ChartLayout = 'wide' | 'narrow';

/** The font the chart names, shipped by the dejavu-fonts-ttf package so PNG text renders anywhere. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

const COLORS = {
  bar: '#9bb3d4',
  barHighlight: '#c2410c',
  usual: '#1f2937',
  grid: '#e5e7eb',
  axis: '#4b5563',
  text: '#111827',
  background: '#ffffff',
};

/** A white outline behind labels drawn over bars, so they stay readable. */
const HALO = ' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"';

interface LayoutSpec {
  width: number;
  /** Height of the plot area itself. */
  plot: number;
  font: number;
  titleFont: number;
  margin: { right: number; left: number };
  /** Label every n-th hour on the x axis. */
  xEvery: number;
  legend: 'top-right' | 'below-title';
}

const LAYOUTS: Record<ChartLayout, LayoutSpec> = {
  wide: { width: 640, plot: 180, font: 11, titleFont: 13, margin: { right: 14, left: 46 }, xEvery: 3, legend: 'top-right' },
  // 360 units with 14-unit type: 11.7 px type when a 360 px phone shows it about 300 px wide.
  narrow: { width: 360, plot: 170, font: 14, titleFont: 15, margin: { right: 10, left: 46 }, xEvery: 6, legend: 'below-title' },
};

const CACHE_LIMIT = 512;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Splits text into lines that fit `width` at `font` units, at spaces. DejaVu Sans averages about
 * 0.6 em a character; being a little generous keeps words off the edge. A text that does not fit
 * on one line breaks first after its first comma ("504 King eastbound," / "Wednesday, Nov 25").
 */
function wrap(text: string, width: number, font: number): string[] {
  const perLine = Math.max(8, Math.floor(width / (font * 0.6)));
  if (text.length <= perLine) return [text];
  const comma = text.indexOf(', ');
  if (comma > 0 && comma < perLine) return [text.slice(0, comma + 1), ...wrap(text.slice(comma + 2), width, font)];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > perLine) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
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
  const how = [options.layout ?? 'wide', options.profile ?? 'route', options.routeKind ?? 'day', options.drawNote ?? true, options.idPrefix ?? '', options.locale ?? 'en'].join('/');
  return `${probs}|${highlightHour ?? '-'}|${usual.toFixed(5)}|${options.title ?? ''}|${how}`;
}

/** Options that change what the chart says, not how it is drawn. */
export type DescribeOptions = Pick<RiskChartOptions, 'profile' | 'routeKind' | 'locale'>;

/** A short description of the chart for screen readers and for the card's alt text. */
export function describeRiskChart(hours: readonly HourlyRisk[], highlightHour: number | null, usual: number, options: DescribeOptions = {}): string {
  const { risk, chart } = CHART_CATALOGUES[options.locale ?? 'en'];
  const words = chart.describe;
  if (hours.length === 0) return words.empty;
  const shown = (p: number): string => risk.percent(chanceOf(p));
  let worst = hours[0];
  let best = hours[0];
  for (const h of hours) {
    if (h.probability > worst.probability) worst = h;
    if (h.probability < best.probability) best = h;
  }
  // When the lowest and highest hours would read the same, "lowest 1%, highest 1%" says nothing.
  const range = sameChance(chanceOf(best.probability), chanceOf(worst.probability))
    ? words.flat(chanceOf(best.probability), shown(best.probability))
    : words.range(chart.hour(best.hour), shown(best.probability), chart.hour(worst.hour), shown(worst.probability));
  const parts = [words.sentence(range, shown(usual))];
  const trip = highlightHour === null ? undefined : hours.find((h) => h.hour === highlightHour);
  if (trip) parts.push(words.trip(chart.hour(trip.hour), shown(trip.probability)));
  if (options.profile === 'network') parts.push(words.network(options.routeKind ?? 'day'));
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
  const spec = LAYOUTS[options.layout ?? 'wide'];
  const { risk, chart: words } = CHART_CATALOGUES[options.locale ?? 'en'];
  const shown = (p: number): string => risk.percent(chanceOf(p));
  const { width, font, titleFont } = spec;
  const line = Math.round(font * 1.3);

  // Top: the title (wrapped), and in the narrow layout the legend on a row of its own.
  const titleLines = options.title ? wrap(options.title, width - 2 * spec.margin.right - (spec.legend === 'top-right' ? 130 : 0), titleFont) : [];
  let top = titleLines.length > 0 ? 8 + titleLines.length * Math.round(titleFont * 1.3) : 8;
  const legendY = spec.legend === 'top-right' ? 8 : top + 2;
  if (spec.legend === 'below-title') top = legendY + font + 4;
  top = Math.max(top, spec.legend === 'top-right' ? 26 : 0) + line; // room for the trip's label above the tallest bar

  // Bottom: hour labels, the axis title, and the network note when there is one.
  const noteLines = options.profile === 'network' && options.drawNote !== false ? wrap(words.networkNote(options.routeKind ?? 'day'), width - 2 * spec.margin.right, font) : [];
  const bottom = 6 + line + line + noteLines.length * line + 6;
  const height = top + spec.plot + bottom;
  const left = spec.margin.left;
  const innerW = width - left - spec.margin.right;
  const maxP = Math.max(usual, ...hours.map((h) => h.probability), 0.05);

  // 24 bands, one per clock hour (a day with a repeated or skipped hour still shows 0–23).
  const { scaleBand, scaleLinear } = d3Scale();
  const x = scaleBand<number>()
    .domain(Array.from({ length: 24 }, (_, h) => h))
    .range([left, left + innerW])
    .paddingInner(0.18)
    .paddingOuter(0.1);
  const y = scaleLinear().domain([0, Math.min(1, maxP * 1.12)]).nice(5).range([top + spec.plot, top]);
  const ticks = y.ticks(5);
  const bandwidth = x.bandwidth();
  const baseY = y(0);

  const out: string[] = [];
  const prefix = options.idPrefix ?? 'risk-chart';
  const titleId = `${prefix}-title`;
  const descId = `${prefix}-desc`;
  const description = describeRiskChart(hours, highlightHour, usual, options);
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${titleId} ${descId}" font-family="${CHART_FONT_FAMILY}, Verdana, sans-serif" font-size="${font}">`,
    `<title id="${titleId}">${escapeXml(options.title ?? words.defaultTitle)}</title>`,
    `<desc id="${descId}">${escapeXml(description)}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="${COLORS.background}"/>`,
  );
  titleLines.forEach((text, i) => {
    const ty = 8 + Math.round(titleFont * 1.05) + i * Math.round(titleFont * 1.3);
    out.push(`<text x="${spec.margin.right}" y="${ty}" font-size="${titleFont}" font-weight="bold" fill="${COLORS.text}">${escapeXml(text)}</text>`);
  });

  // Grid lines and the y axis (percent).
  out.push('<g class="y-axis">');
  for (const t of ticks) {
    const ty = y(t).toFixed(1);
    out.push(
      `<line x1="${left}" x2="${left + innerW}" y1="${ty}" y2="${ty}" stroke="${COLORS.grid}" stroke-width="1"/>`,
      `<text x="${left - 6}" y="${ty}" dy="0.32em" text-anchor="end" fill="${COLORS.axis}">${escapeXml(words.axisPercent(t * 100))}</text>`,
    );
  }
  out.push('</g>');

  // Bars. The trip's label is drawn last, above the usual line.
  let tripLabel = '';
  out.push('<g class="bars">');
  for (const h of hours) {
    const bx = x(h.hour);
    if (bx === undefined) continue;
    const barTop = y(h.probability);
    const isTrip = h.hour === highlightHour;
    out.push(
      `<rect x="${bx.toFixed(1)}" y="${barTop.toFixed(1)}" width="${bandwidth.toFixed(1)}" height="${Math.max(0, baseY - barTop).toFixed(1)}" fill="${isTrip ? COLORS.barHighlight : COLORS.bar}"${isTrip ? ' data-trip-hour="true"' : ''}><title>${escapeXml(words.barTitle(words.hour(h.hour), shown(h.probability), isTrip))}</title></rect>`,
    );
    if (isTrip) {
      // Keep the label inside the chart when the trip is in the first or last hours, and above
      // every bar it spans, so a taller neighbour does not cover it.
      const text = shown(h.probability);
      const half = (text.length * font * 0.62) / 2;
      const cx = Math.min(Math.max(bx + bandwidth / 2, left + half), left + innerW - half);
      let labelTop = barTop;
      for (const other of hours) {
        const ox = x(other.hour);
        if (ox !== undefined && ox < cx + half && ox + bandwidth > cx - half) labelTop = Math.min(labelTop, y(other.probability));
      }
      tripLabel = `<text x="${cx.toFixed(1)}" y="${(labelTop - 5).toFixed(1)}" text-anchor="middle" font-weight="bold" fill="${COLORS.barHighlight}"${HALO}>${escapeXml(text)}</text>`;
    }
  }
  out.push('</g>');

  // The usual rate.
  const uy = y(usual).toFixed(1);
  out.push(
    `<g class="usual"><line x1="${left}" x2="${left + innerW}" y1="${uy}" y2="${uy}" stroke="${COLORS.usual}" stroke-width="1.5" stroke-dasharray="5 4"/>`,
    `<text x="${left + innerW}" y="${(Number(uy) - 4).toFixed(1)}" text-anchor="end" fill="${COLORS.usual}"${HALO}>${escapeXml(words.usualLine(shown(usual)))}</text></g>`,
  );

  // The x axis: every third (wide) or sixth (narrow) hour labelled.
  out.push(`<g class="x-axis"><line x1="${left}" x2="${left + innerW}" y1="${baseY}" y2="${baseY}" stroke="${COLORS.axis}" stroke-width="1"/>`);
  for (let hour = 0; hour < 24; hour += spec.xEvery) {
    const bx = x(hour);
    if (bx === undefined) continue;
    const cx = (bx + bandwidth / 2).toFixed(1);
    out.push(
      `<line x1="${cx}" x2="${cx}" y1="${baseY}" y2="${baseY + 4}" stroke="${COLORS.axis}" stroke-width="1"/>`,
      `<text x="${cx}" y="${baseY + 4 + line - 2}" text-anchor="middle" fill="${COLORS.axis}">${escapeXml(words.hour(hour))}</text>`,
    );
  }
  const axisY = baseY + 4 + 2 * line;
  out.push(
    `<text x="${left + innerW / 2}" y="${axisY}" text-anchor="middle" fill="${COLORS.axis}">${escapeXml(options.layout === 'narrow' ? words.axisTitle.narrow : words.axisTitle.wide)}</text></g>`,
  );
  if (noteLines.length > 0) {
    out.push(
      `<g class="network-note">${noteLines.map((text, i) => `<text x="${width / 2}" y="${axisY + (i + 1) * line}" text-anchor="middle" fill="${COLORS.text}">${escapeXml(text)}</text>`).join('')}</g>`,
    );
  }

  out.push(tripLabel);

  // Legend: top right (wide) or under the title (narrow).
  const lx = spec.legend === 'top-right' ? width - spec.margin.right - 120 : spec.margin.right;
  const box = Math.round(font * 0.9);
  out.push(
    `<g class="legend"><rect x="${lx}" y="${legendY}" width="${box}" height="${box}" fill="${COLORS.barHighlight}"/>`,
    `<text x="${lx + box + 4}" y="${legendY + box - 1}" fill="${COLORS.text}">${escapeXml(words.legendTrip)}</text></g>`,
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
  const resvg = new (resvgModule().Resvg)(svg, {
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
