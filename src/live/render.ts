/**
 * The alerts block of an answer, one function per surface, so the front ends' own files need a
 * single call each: the bot's text (alertsText), the bot's Adaptive Card (alertsCardElements)
 * and the web prediction page (alertsSection). The JSON API carries Prediction.alerts as it is.
 * Each renders nothing when there are no alerts: the answer is then exactly as before.
 */
import type { Prediction, PredictionAlert } from '../pipeline/types';
import { torontoParts } from '../pipeline/toronto-time';
import { html, type SafeHtml } from '../web/html';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

type Style = 'bot' | 'web';

function clockOf(hour: number, minute: number, style: Style): string {
  const suffix = hour < 12 ? (style === 'web' ? 'a.m.' : 'am') : style === 'web' ? 'p.m.' : 'pm';
  return `${hour % 12 || 12}:${minute < 10 ? '0' : ''}${minute} ${suffix}`;
}

/**
 * "until 6:00 pm" (the trip's Toronto day), "until Sat, Nov 28, 6:00 pm" (another day),
 * "until Mon, Jan 4, 2027, 6:00 pm" (another year); "" without an end.
 */
export function untilWords(until: string | undefined, tripTime: Date, style: Style = 'bot'): string {
  if (until === undefined) return '';
  const end = new Date(until);
  if (Number.isNaN(end.getTime())) return '';
  const e = torontoParts(end);
  const t = torontoParts(tripTime);
  const time = clockOf(e.hour, e.minute, style);
  if (e.year === t.year && e.month === t.month && e.day === t.day) return `until ${time}`;
  return `until ${WEEKDAYS[e.weekday]}, ${MONTHS[e.month - 1]} ${e.day}${e.year === t.year ? '' : `, ${e.year}`}, ${time}`;
}

/** Feed text in a markdown channel: never a link, whatever the feed says. */
function plain(text: string): string {
  return text.replace(/\]\s*\(/g, '] (');
}

function sentence(text: string): string {
  return text.replace(/[\s.]+$/, '');
}

/** For the bot's text line: " TTC alert: Detour: 504 King diverting … (until 6:00 pm)." or "". */
export function alertsText(alerts: readonly PredictionAlert[] | undefined, tripTime: Date): string {
  if (!alerts || alerts.length === 0) return '';
  const parts = alerts.map((a) => {
    const until = untilWords(a.until, tripTime);
    return `${a.effect}: ${plain(sentence(a.header))}${until ? ` (${until})` : ''}`;
  });
  return ` TTC ${alerts.length === 1 ? 'alert' : 'alerts'}: ${parts.join('; ')}.`;
}

/**
 * For the bot's Adaptive Card body: one warning-styled container, or nothing. TextRuns, not
 * markdown TextBlocks, so nothing in the feed's text is read as markup.
 */
export function alertsCardElements(alerts: readonly PredictionAlert[] | undefined, tripTime: Date): Record<string, unknown>[] {
  if (!alerts || alerts.length === 0) return [];
  return [
    {
      type: 'Container',
      style: 'warning',
      spacing: 'Medium',
      items: [
        { type: 'TextBlock', text: alerts.length === 1 ? 'TTC service alert' : 'TTC service alerts', weight: 'Bolder', size: 'Small', wrap: true },
        ...alerts.map((a) => {
          const until = untilWords(a.until, tripTime);
          return {
            type: 'RichTextBlock',
            spacing: 'Small',
            inlines: [
              { type: 'TextRun', text: a.effect, weight: 'Bolder' },
              { type: 'TextRun', text: ` · ${a.header}` },
              ...(until ? [{ type: 'TextRun', text: ` · ${until}`, isSubtle: true }] : []),
            ],
          };
        }),
      ],
    },
  ];
}

/**
 * Said with an answer whose chance read the live alerts as recent incidents (the Prediction
 * carries `recentIncidents`; src/live/incidents.ts): the number moved because of them.
 */
export const COUNTED_NOTE = "This chance counts the TTC's alerts for this route from the last few hours as incidents on the line.";

/** The note for the bot's card: a small TextBlock, or nothing. */
export function countedNoteCardElements(prediction: Pick<Prediction, 'recentIncidents'>): Record<string, unknown>[] {
  return prediction.recentIncidents ? [{ type: 'TextBlock', text: COUNTED_NOTE, size: 'Small', wrap: true, spacing: 'Small' }] : [];
}

/** The note for the web page: a paragraph, or nothing. */
export function countedNoteHtml(prediction: Pick<Prediction, 'recentIncidents'>): SafeHtml {
  return prediction.recentIncidents ? html`<p class="live-note">${COUNTED_NOTE}</p>` : html``;
}

/** For the web prediction page: a section listing the alerts, or nothing. Everything from the feed is escaped. */
export function alertsSection(alerts: readonly PredictionAlert[] | undefined, tripTime: Date): SafeHtml {
  if (!alerts || alerts.length === 0) return html``;
  return html`<section class="alerts" aria-labelledby="alerts-title">
  <h2 id="alerts-title">${alerts.length === 1 ? 'TTC service alert' : 'TTC service alerts'}</h2>
  <ul>
    ${alerts.map((a) => {
      const until = untilWords(a.until, tripTime, 'web');
      return html`<li data-alert-id="${a.id}"><strong class="effect">${a.effect}</strong> ${a.header}${until ? html` <span class="until">(${until})</span>` : html``}</li>`;
    })}
  </ul>
  <p class="source">From the TTC's live service alerts.</p>
</section>`;
}
