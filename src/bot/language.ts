// The language of a turn: the one the rider writes in, else the conversation's (kept in
// conversation state), else the channel's locale for the rider (activity.locale, "fr-CA"), else
// English. A bare "8h" or "est" keeps the conversation's language; an English message switches
// back to English.
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { localeFromTag, type Locale } from '../chart/catalogue';
import { detectLanguage } from './understand';
import { normalize } from './understand/text';

const TURN_LOCALE = Symbol('turnLocale');

/** Chooses the turn's language once, remembers it for the conversation and for the rest of the turn. */
export async function chooseLocale(context: TurnContext, remembered: StatePropertyAccessor<Locale | undefined>): Promise<Locale> {
  const chosen = context.turnState.get(TURN_LOCALE) as Locale | undefined;
  if (chosen) return chosen;
  const { text, locale: tag } = context.activity;
  const said = typeof text === 'string' ? detectLanguage(normalize(text)) : undefined;
  const locale = said ?? localeFromTag(await remembered.get(context)) ?? localeFromTag(tag) ?? 'en';
  await remembered.set(context, locale);
  context.turnState.set(TURN_LOCALE, locale);
  return locale;
}

/** The language chosen for this turn; before any choice, the channel's locale for the rider. */
export function turnLocale(context: Pick<TurnContext, 'turnState' | 'activity'>): Locale {
  return (context.turnState.get(TURN_LOCALE) as Locale | undefined) ?? localeFromTag(context.activity.locale) ?? 'en';
}
