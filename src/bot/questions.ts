import { DateTime } from 'luxon';
import { ActionTypes, MessageFactory, type Activity, type CardAction } from 'botbuilder';
import { findRoute, routeLabel } from '../pipeline/routes';
import { torontoZone } from '../pipeline/toronto-time';
import { DIRECTION_WORDS, type Direction } from '../pipeline/types';
import { titleCase, type TripDraft } from './draft';

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

function directionButton(route: number, d: Direction): CardAction {
  const places = findRoute(route)?.towards[d] ?? [];
  const word = titleCase(DIRECTION_WORDS[d]);
  // "Eastbound (to Broadview)": a terminal helps riders who think in ends of the line.
  const to = places.find((p) => /station|loop/.test(p)) ?? places[0];
  return button(to ? `${word} (to ${titleCase(to)})` : word, word);
}

/** The question for a slot, with suggested-action buttons. `notes` are said first. */
export function question(slot: Slot, draft: TripDraft, notes: readonly string[]): Partial<Activity> {
  const lead = notes.length > 0 ? `${notes.join(' ')} ` : '';
  switch (slot) {
    case 'route': {
      const choices = draft.routeChoices ?? POPULAR_ROUTES;
      const ask = draft.routeChoices ? 'Which one do you mean?' : 'Which streetcar? A number like 504 or a name like King.';
      return MessageFactory.suggestedActions(choices.map((r) => button(routeLabel(r), String(r))), lead + ask);
    }
    case 'direction': {
      const route = draft.route ?? 0;
      const dirs = draft.directionChoices ?? findRoute(route)?.directions ?? [];
      const words = dirs.map((d) => DIRECTION_WORDS[d]).join(' or ');
      return MessageFactory.suggestedActions(dirs.map((d) => directionButton(route, d)), `${lead}Which way on the ${routeLabel(route)}: ${words}?`);
    }
    case 'time': {
      if (draft.day) {
        const day = DateTime.fromObject(draft.day, { zone: torontoZone }).toFormat('cccc, LLLL d');
        return MessageFactory.suggestedActions(['8 am', '12 pm', '5 pm'].map((t) => button(t)), `${lead}What time on ${day}?`);
      }
      return MessageFactory.suggestedActions(
        [button('Now'), button('In 30 minutes'), button('Tomorrow 8 am')],
        `${lead}When are you travelling? For example "now", "at 5:30 pm" or "tomorrow morning".`,
      );
    }
  }
}

export const HELP_TEXT = [
  'I estimate how likely a Toronto streetcar trip is to run into a reported delay, from years of TTC delay logs.',
  'Tell me the route, the direction and when, in one message or several: "504 eastbound tomorrow at 8 am", "Spadina car south now", "Queen streetcar towards the Beaches at 5".',
  'Say "start over" for a new trip, "cancel" to stop, or "same again tomorrow" to repeat your last trip.',
].join('\n\n');

export const WELCOME_TEXT = [
  'Hi! I tell you the chance that your Toronto streetcar trip runs into a reported delay.',
  'Try "Will the 504 King eastbound be late tomorrow at 8 am?" or just name a route to start. Say "help" any time.',
].join('\n\n');
