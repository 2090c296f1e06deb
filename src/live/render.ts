/**
 * The alerts block of an answer, one function per surface, so the front ends' own files need a
 * single call each: the bot's text (alertsText), the bot's Adaptive Card (alertsCardElements)
 * and the web prediction page (alertsSection). The JSON API carries Prediction.alerts as it is.
 * Each renders nothing when there are no alerts: the answer is then exactly as before.
 */
import type { Locale } from '../chart/catalogue';
import type { Prediction, PredictionAlert } from '../pipeline/types';
import { torontoParts } from '../pipeline/toronto-time';
import { html, type SafeHtml } from '../web/html';
import { ALERT_WORDS } from './words';

type Style = 'bot' | 'web';

/**
 * "until 6:00 pm" (the trip's Toronto day), "until Sat, Nov 28, 6:00 pm" (another day),
 * "until Mon, Jan 4, 2027, 6:00 pm" (another year); "" without an end.
 */
export function untilWords(until: string | undefined, tripTime: Date, style: Style = 'bot', locale: Locale = 'en'): string {
  if (until === undefined) return '';
  const end = new Date(until);
  if (Number.isNaN(end.getTime())) return '';
  const w = ALERT_WORDS[locale];
  const e = torontoParts(end);
  const t = torontoParts(tripTime);
  const time = w.clock(e.hour, e.minute, style);
  if (e.year === t.year && e.month === t.month && e.day === t.day) return w.until(time);
  return w.until(time, w.day(e.weekday, e.month, e.day, e.year === t.year ? undefined : e.year));
}

/** Feed text in a markdown channel: never a link, whatever the feed says. */
function plain(text: string): string {
  return text.replace(/\]\s*\(/g, '] (');
}

function sentence(text: string): string {
  return text.replace(/[\s.]+$/, '');
}

/** For the bot's text line: " TTC alert: Detour: 504 King diverting … (until 6:00 pm)." or "". */
export function alertsText(alerts: readonly PredictionAlert[] | undefined, tripTime: Date, locale: Locale = 'en'): string {
  if (!alerts || alerts.length === 0) return '';
  const w = ALERT_WORDS[locale];
  const colon = locale === 'fr' ? ' : ' : ': ';
  const parts = alerts.map((a) => {
    const until = untilWords(a.until, tripTime, 'bot', locale);
    return `${w.effect(a.effect)}${colon}${plain(sentence(a.header))}${until ? ` (${until})` : ''}`;
  });
  return `${w.textLead(alerts.length)}${parts.join(locale === 'fr' ? ' ; ' : '; ')}.`;
}

/**
 * For the bot's Adaptive Card body: one warning-styled container, or nothing. TextRuns, not
 * markdown TextBlocks, so nothing in the feed's text is read as markup.
 */
export function alertsCardElements(alerts: readonly PredictionAlert[] | undefined, tripTime: Date, locale: Locale = 'en'): Record<string, unknown>[] {
  if (!alerts || alerts.length === 0) return [];
  const w = ALERT_WORDS[locale];
  return [
    {
      type: 'Container',
      style: 'warning',
      spacing: 'Medium',
      items: [
        { type: 'TextBlock', text: w.heading(alerts.length), weight: 'Bolder', size: 'Small', wrap: true },
        ...alerts.map((a) => {
          const until = untilWords(a.until, tripTime, 'bot', locale);
          return {
            type: 'RichTextBlock',
            spacing: 'Small',
            inlines: [
              { type: 'TextRun', text: w.effect(a.effect), weight: 'Bolder' },
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
export const COUNTED_NOTE = ALERT_WORDS.en.countedNote;

/** The note for the bot's card: a small TextBlock, or nothing. */
export function countedNoteCardElements(prediction: Pick<Prediction, 'recentIncidents'>, locale: Locale = 'en'): Record<string, unknown>[] {
  return prediction.recentIncidents ? [{ type: 'TextBlock', text: ALERT_WORDS[locale].countedNote, size: 'Small', wrap: true, spacing: 'Small' }] : [];
}

/** The note for the web page: a paragraph, or nothing. */
export function countedNoteHtml(prediction: Pick<Prediction, 'recentIncidents'>, locale: Locale = 'en'): SafeHtml {
  return prediction.recentIncidents ? html`<p class="live-note">${ALERT_WORDS[locale].countedNote}</p>` : html``;
}

/** For the web prediction page: a section listing the alerts, or nothing. Everything from the feed is escaped. */
export function alertsSection(alerts: readonly PredictionAlert[] | undefined, tripTime: Date, locale: Locale = 'en'): SafeHtml {
  if (!alerts || alerts.length === 0) return html``;
  const w = ALERT_WORDS[locale];
  return html`<section class="alerts" aria-labelledby="alerts-title">
  <h2 id="alerts-title">${w.heading(alerts.length)}</h2>
  <ul>
    ${alerts.map((a) => {
      const until = untilWords(a.until, tripTime, 'web', locale);
      return html`<li data-alert-id="${a.id}"><strong class="effect">${w.effect(a.effect)}</strong> ${a.header}${until ? html` <span class="until">(${until})</span>` : html``}</li>`;
    })}
  </ul>
  <p class="source">${w.source}</p>
</section>`;
}
