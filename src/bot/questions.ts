import { DateTime } from 'luxon';
import { ActionTypes, MessageFactory, type Activity, type CardAction } from 'botbuilder';
import type { Locale } from '../chart/catalogue';
import { findRoute, routeLabel } from '../pipeline/routes';
import { torontoZone } from '../pipeline/toronto-time';
import type { Direction } from '../pipeline/types';
import { titleCase, type TripDraft } from './draft';
import { messages } from './replies/messages';

export type Slot = 'route' | 'direction' | 'time';

/** The first thing still missing, in the order riders usually think of it. */
export function missingSlot(draft: TripDraft): Slot | undefined {
  if (draft.route === undefined) return 'route';
  if (!draft.direction) return 'direction';
  if (!draft.time) return 'time';
  return undefined;
}

function button(title: string, value = title): CardAction {
  return { type: ActionTypes.ImBack, title, value };
}

const POPULAR_ROUTES = [504, 501, 505, 506, 510, 512];

function directionButton(route: number, d: Direction, locale: Locale): CardAction {
  const places = findRoute(route)?.towards[d] ?? [];
  // "Eastbound (to Broadview)": a terminal helps riders who think in ends of the line.
  const to = places.find((p) => /station|loop/.test(p)) ?? places[0];
  const ask = messages(locale).ask;
  return button(ask.directionButton(d, to ? titleCase(to) : undefined), ask.directionValue(d));
}

/** The question for a slot, with suggested-action buttons, in the rider's language. `notes` are said first. */
export function question(slot: Slot, draft: TripDraft, notes: readonly string[], locale: Locale = 'en'): Partial<Activity> {
  const lead = notes.length > 0 ? `${notes.join(' ')} ` : '';
  const ask = messages(locale).ask;
  switch (slot) {
    case 'route': {
      const choices = draft.routeChoices ?? POPULAR_ROUTES;
      return MessageFactory.suggestedActions(choices.map((r) => button(routeLabel(r), String(r))), lead + (draft.routeChoices ? ask.whichRoute : ask.route));
    }
    case 'direction': {
      const route = draft.route ?? 0;
      const dirs = draft.directionChoices ?? findRoute(route)?.directions ?? [];
      return MessageFactory.suggestedActions(dirs.map((d) => directionButton(route, d, locale)), lead + ask.direction(routeLabel(route), dirs));
    }
    case 'time': {
      if (draft.day) {
        const day = DateTime.fromObject(draft.day, { zone: torontoZone });
        return MessageFactory.suggestedActions(ask.timeOnDayButtons.map((t) => button(t)), lead + ask.timeOnDay(day.weekday, day.month, day.day));
      }
      return MessageFactory.suggestedActions(ask.timeButtons.map((t) => button(t)), lead + ask.time);
    }
  }
}

/** What "help" says, in the rider's language. */
export function helpText(locale: Locale = 'en'): string {
  return messages(locale).help;
}

/** The welcome for a new conversation, in the language of its locale. */
export function welcomeText(locale: Locale = 'en'): string {
  return messages(locale).welcome;
}
