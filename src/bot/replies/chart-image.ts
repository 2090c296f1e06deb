import { describeRiskChart, renderRiskChartDataUri } from '../../chart/risk-chart';
import type { Config } from '../../config';
import type { HourlyRisk } from '../../model/types';
import { toTorontoIso } from '../../pipeline/toronto-time';
import type { Trip } from '../../pipeline/types';

/** How answer cards show the hourly chart. */
export type ChartSetting =
  | { kind: 'off' }
  /** A PNG data: URI: self-contained, ~20 KB, drawn during the turn (slow the first time). */
  | { kind: 'inline' }
  /** A URL of the web routes' /chart/risk.png on this server: small cards, drawn when fetched. */
  | { kind: 'link'; baseUrl: string };

/** Chooses the chart setting from the settings file, the environment and the listening port. */
export function chartSetting(config: { bot: Pick<Config['bot'], 'chart' | 'publicUrl'>; secrets: Pick<Config['secrets'], 'MicrosoftAppId'> }, port: number): ChartSetting {
  const { chart, publicUrl } = config.bot;
  const local = config.secrets.MicrosoftAppId === '' ? `http://localhost:${port}` : undefined;
  const base = publicUrl ?? local;
  if (chart === 'off') return { kind: 'off' };
  if (chart === 'inline' || (chart === 'auto' && !base)) return { kind: 'inline' };
  if (!base) throw new Error('bot.chart is link, so bot.publicUrl (or PUBLIC_URL) must be set');
  return { kind: 'link', baseUrl: base.replace(/\/+$/, '') };
}

/** The card's Image element for a trip, or undefined when charts are off. */
export function chartElement(setting: ChartSetting, trip: Trip, day: readonly HourlyRisk[], hour: number, usual: number): Record<string, unknown> | undefined {
  if (setting.kind === 'off') return undefined;
  const altText = describeRiskChart(day, hour, usual);
  const url =
    setting.kind === 'inline'
      ? renderRiskChartDataUri(day, hour, usual, { scale: 1 })
      : `${setting.baseUrl}/chart/risk.png?${new URLSearchParams({ route: String(trip.route), direction: trip.direction, time: toTorontoIso(trip.time) })}`;
  return { type: 'Image', url, altText, size: 'Stretch' };
}
