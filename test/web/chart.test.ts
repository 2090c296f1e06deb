import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { Resvg } from '@resvg/resvg-js';
import {
  clearRiskChartCache,
  describeRiskChart,
  renderRiskChartDataUri,
  renderRiskChartPng,
  renderRiskChartSvg,
} from '../../src/chart/risk-chart';
import type { HourlyRisk } from '../../src/model/types';

// The chart is a pure drawing of numbers it is given: these tests give it a made-up day.
const hours: HourlyRisk[] = Array.from({ length: 24 }, (_, hour) => ({
  hour,
  time: `2026-11-25T${String(hour).padStart(2, '0')}:00:00-05:00`,
  probability: hour === 17 ? 0.42 : hour === 3 ? 0.02 : 0.1 + hour / 200,
}));

function rects(svg: string): string[] {
  return [...svg.matchAll(/<rect [^>]*>(?:<title>[^<]*<\/title><\/rect>)?/g)].map((m) => m[0]).filter((r) => r.includes('<title>'));
}

describe('risk chart SVG', () => {
  it('draws 24 bars, one highlighted for the trip hour, and the usual rate as a dashed line', () => {
    const svg = renderRiskChartSvg(hours, 8, 0.15, { title: '504 King eastbound' });
    const bars = rects(svg);
    assert.equal(bars.length, 24);
    const highlighted = bars.filter((b) => b.includes('data-trip-hour'));
    assert.equal(highlighted.length, 1);
    assert.match(highlighted[0], /08:00: 14% \(your trip\)/);
    assert.match(svg, /stroke-dasharray="5 4"/);
    assert.match(svg, />usual 15%</);
    assert.match(svg, /<title id="risk-chart-title">504 King eastbound<\/title>/);
  });

  it('puts taller bars for higher probabilities and the usual line at the usual height', () => {
    const svg = renderRiskChartSvg(hours, null, 0.1);
    const heights = rects(svg).map((r) => Number(/height="([\d.]+)"/.exec(r)?.[1]));
    assert.equal(heights.indexOf(Math.max(...heights)), 17);
    assert.equal(heights.indexOf(Math.min(...heights)), 3);
    assert.ok(!svg.includes('data-trip-hour'), 'no highlight when there is no trip hour');
  });

  it('has no script, no style attribute and no external reference (safe to inline under the CSP)', () => {
    const svg = renderRiskChartSvg(hours, 8, 0.15, { title: 'x' });
    assert.doesNotMatch(svg, /<script|style=|href=|url\(/i);
  });

  it('escapes the title', () => {
    const svg = renderRiskChartSvg(hours, 8, 0.15, { title: '<script>alert("x")</script> & co' });
    assert.ok(!svg.includes('<script>'));
    assert.match(svg, /&#60;script&#62;alert\(&#34;x&#34;\)&#60;\/script&#62; &#38; co/);
  });

  it('describes the chart in words for screen readers', () => {
    assert.equal(
      describeRiskChart(hours, 8, 0.15),
      "Hourly delay risk: lowest at 03:00 (2%), highest at 17:00 (42%); usually 15%. Your trip's hour, 08:00: 14%.",
    );
  });

  it('words small chances consistently: "under 1%", and no "lowest 1%, highest 1%"', () => {
    const flat = hours.map((h) => ({ ...h, probability: 0.012 + (h.hour % 3) / 1000 }));
    assert.equal(describeRiskChart(flat, null, 0.013), 'Hourly delay risk: about 1% all day; usually 1%.');
    const tiny = hours.map((h) => ({ ...h, probability: 0.004 + h.hour / 10_000 }));
    assert.equal(describeRiskChart(tiny, 8, 0.005), "Hourly delay risk: under 1% all day; usually under 1%. Your trip's hour, 08:00: under 1%.");
    const mixed = hours.map((h) => ({ ...h, probability: h.hour === 3 ? 0.004 : h.hour === 17 ? 0.015 : 0.01 }));
    assert.match(describeRiskChart(mixed, null, 0.01), /lowest at 03:00 \(under 1%\), highest at 17:00 \(2%\)/);
    const svg = renderRiskChartSvg(tiny, 8, 0.005);
    assert.match(svg, /<title>08:00: under 1% \(your trip\)<\/title>/);
    assert.doesNotMatch(svg, /<title>[^<]*: 0%|>0%<\/text><g class="legend"/, 'a chance under 1% is never labelled 0%');
    assert.match(svg, /font-weight="bold"[^>]*>under 1%<\/text>/, "the trip's label says under 1%");
  });

  it('says the hourly shape is network-wide when the chart is told so (profile flag)', () => {
    const note = /same shape on every day route/;
    assert.match(describeRiskChart(hours, 8, 0.15, { profile: 'network' }), note);
    assert.match(renderRiskChartSvg(hours, 8, 0.15, { profile: 'network' }), note);
    assert.match(describeRiskChart(hours, 8, 0.15, { profile: 'network', routeKind: 'night' }), /same shape on every night route/);
    assert.doesNotMatch(describeRiskChart(hours, 8, 0.15, { profile: 'route' }), /every (day|night) route|network/);
    assert.doesNotMatch(renderRiskChartSvg(hours, 8, 0.15, { profile: 'route' }), /every (day|night) route|network/);
  });

  it('has a narrow layout whose labels stay readable when a phone shows it 300 px wide', () => {
    const svg = renderRiskChartSvg(hours, 8, 0.15, { layout: 'narrow', title: '504 King eastbound, Wednesday, November 25', profile: 'network' });
    const viewBoxWidth = Number(/viewBox="0 0 ([\d.]+) /.exec(svg)?.[1]);
    const rootSize = Number(/<svg [^>]*font-size="([\d.]+)"/.exec(svg)?.[1]);
    const sizes = [...svg.matchAll(/<text [^>]*>/g)].map((m) => Number(/font-size="([\d.]+)"/.exec(m[0])?.[1] ?? rootSize));
    assert.ok(sizes.length > 8);
    const smallest = (Math.min(...sizes) * 300) / viewBoxWidth;
    assert.ok(smallest >= 11, `smallest label ${smallest.toFixed(1)} px at 300 px wide`);
    const hourLabels = [...svg.matchAll(/>(\d\d):00<\/text>/g)];
    assert.ok(hourLabels.length >= 4 && hourLabels.length <= 5, `${hourLabels.length} hour labels`);
    // The wide layout is for wide screens: the same check fails there, which is why pages carry both.
    const wide = renderRiskChartSvg(hours, 8, 0.15);
    assert.ok(Number(/viewBox="0 0 ([\d.]+) /.exec(wide)?.[1]) > viewBoxWidth);
  });

  it('keeps ids unique when a page carries two charts', () => {
    const a = renderRiskChartSvg(hours, 8, 0.15, { idPrefix: 'wide' });
    const b = renderRiskChartSvg(hours, 8, 0.15, { idPrefix: 'narrow', layout: 'narrow' });
    const ids = (svg: string): string[] => [...svg.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(ids(a).filter((id) => ids(b).includes(id)).length, 0);
    assert.match(a, /aria-labelledby="wide-title wide-desc"/);
  });

  it('refuses impossible input instead of drawing nonsense', () => {
    assert.throws(() => renderRiskChartSvg([], 8, 0.1), RangeError);
    assert.throws(() => renderRiskChartSvg(hours, 24, 0.1), RangeError);
    assert.throws(() => renderRiskChartSvg(hours, 8, 1.5), RangeError);
    assert.throws(() => renderRiskChartSvg([{ hour: 1, time: '', probability: Number.NaN }], 1, 0.1), RangeError);
  });

  it('caches: the same inputs give the same chart without drawing again', () => {
    clearRiskChartCache();
    assert.equal(renderRiskChartSvg(hours, 9, 0.2), renderRiskChartSvg(hours, 9, 0.2));
    // A PNG drawn again would be a new Buffer: the very same object means it came from the cache.
    const png = renderRiskChartPng(hours, 9, 0.2);
    assert.strictEqual(renderRiskChartPng(hours, 9, 0.2), png);
    clearRiskChartCache();
    const redrawn = renderRiskChartPng(hours, 9, 0.2);
    assert.notStrictEqual(redrawn, png);
    assert.deepEqual(redrawn, png);
  });
});

describe('risk chart PNG', () => {
  it('is a PNG at twice the SVG size by default', () => {
    const png = renderRiskChartPng(hours, 8, 0.15, { title: '504 King eastbound' });
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.readUInt32BE(16), 1280);
    assert.equal(png.readUInt32BE(20), 520);
  });

  it('renders text with the bundled font, without system fonts', () => {
    // Draw only a line of text with the same font settings: glyphs must produce dark pixels.
    const svg = renderRiskChartSvg(hours, 8, 0.15, { title: 'WWWWWWWWWWWWWWWW' });
    const withTitle = renderRiskChartPng(hours, 8, 0.15, { title: 'WWWWWWWWWWWWWWWW', scale: 1 });
    const without = renderRiskChartPng(hours, 8, 0.15, { scale: 1 });
    assert.notDeepEqual(withTitle, without);
    // And the title area of the rendered image is not blank.
    const img = new Resvg(svg, {
      font: { fontFiles: [require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    }).render();
    let dark = 0;
    for (let y = 5; y < 25; y++) {
      for (let x = 46; x < 300; x++) {
        const i = (y * img.width + x) * 4;
        if (img.pixels[i] < 100 && img.pixels[i + 1] < 100 && img.pixels[i + 2] < 100) dark++;
      }
    }
    assert.ok(dark > 200, `expected title glyphs, found ${dark} dark pixels`);
  });

  it('gives a data: URI for an Adaptive Card image', () => {
    assert.match(renderRiskChartDataUri(hours, 8, 0.15, { scale: 1 }), /^data:image\/png;base64,iVBORw0KGgo/);
  });
});
