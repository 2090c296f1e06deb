import { describeRiskChart, renderRiskChartDataUri } from '../../chart/risk-chart';
import type { HourProfile } from '../../chart/risk-words';
import type { Config } from '../../config';
import type { HourlyRisk } from '../../model/types';
import { toTorontoIso } from '../../pipeline/toronto-time';
import type { Trip } from '../../pipeline/types';

/** How answer cards show the hourly chart. */
export type ChartSetting =
  | { kind: 'off' }
  /** A PNG data: URI: self-contained, drawn during the turn (slow the first time). */
  | { kind: 'inline' }
  /** A URL of the web routes' /chart/risk.png on this server's public address: small cards, drawn when fetched. */
  | { kind: 'link'; baseUrl: string };

export interface ChartSettingConfig {
  bot: Pick<Config['bot'], 'chart' | 'publicUrl'>;
  secrets: Pick<Config['secrets'], 'MicrosoftAppId'>;
  /** Whether this server's own /chat (Web Chat through the local Direct Line) is on. */
  chatEnabled?: boolean;
}

/**
 * Chooses the chart setting from the settings. A link needs an address every client can reach,
 * so only a configured public URL is ever used: never one guessed from the port ("localhost"),
 * which a browser that opened /chat as 127.0.0.1 or by the machine's name could not load (its
 * CSP allows images from its own origin and data: only). `auto` therefore links when a public
 * URL is set and the local /chat is off, and embeds a data: URI otherwise (npm start, /chat,
 * the Emulator: all show it under any host name). `link` without a public URL is an error.
 */
export function chartSetting(config: ChartSettingConfig, _port?: number): ChartSetting {
  const { chart, publicUrl } = config.bot;
  if (chart === 'off') return { kind: 'off' };
  if (chart === 'inline') return { kind: 'inline' };
  if (chart === 'link') {
    if (!publicUrl) throw new Error('bot.chart is link, so bot.publicUrl (or PUBLIC_URL) must be set');
    return { kind: 'link', baseUrl: publicUrl.replace(/\/+$/, '') };
  }
  // auto. Without chatEnabled in the settings passed, a local run (no app id) has /chat on.
  const chatOn = config.chatEnabled ?? config.secrets.MicrosoftAppId === '';
  if (publicUrl && !chatOn) return { kind: 'link', baseUrl: publicUrl.replace(/\/+$/, '') };
  return { kind: 'inline' };
}

/** What the card's chart shows besides the numbers. */
export interface ChartFacts {
  profile: HourProfile;
  routeKind: 'day' | 'night';
}

/** The card's Image element for a trip, or undefined when charts are off. */
export function chartElement(
  setting: ChartSetting,
  trip: Trip,
  day: readonly HourlyRisk[],
  hour: number,
  usual: number,
  facts: ChartFacts = { profile: 'route', routeKind: 'day' },
): Record<string, unknown> | undefined {
  if (setting.kind === 'off') return undefined;
  const options = { layout: 'narrow' as const, profile: facts.profile, routeKind: facts.routeKind };
  const altText = describeRiskChart(day, hour, usual, options);
  const url =
    setting.kind === 'inline'
      ? // 1× and no note in the image (the card says it under the chart): about 20 KB, so the card fits a Teams message.
        renderRiskChartDataUri(day, hour, usual, { ...options, drawNote: false, scale: 1 })
      : `${setting.baseUrl}/chart/risk.png?${new URLSearchParams({ route: String(trip.route), direction: trip.direction, time: toTorontoIso(trip.time), layout: 'narrow' })}`;
  return { type: 'Image', url, altText, size: 'Stretch' };
}
