// Data-driven dialog tests after Microsoft's core-bot sample: each case is a conversation of
// steps (what the rider sends, what the bot must reply), run through DialogTestClient against
// the real predictor. Times are pinned with the activity's timestamp; the test runner's zone is
// Pacific/Auckland, so any dependence on the server's zone would show up here.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { Activity } from 'botbuilder';
import { playConversation, readConversations } from '../../src/bot/eval/conversations';
import { drainReplies, mainDialogClient } from './helpers';

interface Expect {
  /** The reply's text must match. */
  text?: RegExp;
  /** A prediction reply: these fields of `value` (probability and delayed are checked for type). */
  value?: { route: number; direction: string; time: string };
  /** Suggested-action titles, in order. */
  buttons?: string[];
}

interface Step {
  send: string | Partial<Activity>;
  /** The message's timestamp (default: the case's). */
  at?: string;
  replies: Expect[];
}

interface Case {
  name: string;
  at: string;
  steps: Step[];
}

const TUE_4PM = '2026-11-24T16:20:00-05:00';
/** Every answer offers another trip with these buttons; the next message is read as the reply. */
const ANOTHER_TRIP = ['Same trip next day', 'Other direction', 'New trip', 'No thanks'];
const answer = (route: number, direction: string, time: string, text?: RegExp): Expect => ({ value: { route, direction, time }, text, buttons: ANOTHER_TRIP });

const cases: Case[] = [
  {
    name: 'a whole trip in one message is answered at once',
    at: TUE_4PM,
    steps: [{ send: '504 eastbound at 5:30 pm', replies: [answer(504, 'e', '2026-11-24T17:30:00-05:00', /^504 King eastbound, today at 5:30 pm: \d+% chance/)] }],
  },
  {
    name: 'what the rider said first is kept: only the direction is asked',
    at: TUE_4PM,
    steps: [
      { send: 'will the King car be late tomorrow at 8?', replies: [{ text: /^Which way on the 504 King: eastbound or westbound\?$/, buttons: ['Eastbound (to Distillery Loop)', 'Westbound (to Dundas West Station)'] }] },
      { send: 'Westbound', replies: [answer(504, 'w', '2026-11-25T08:00:00-05:00', /tomorrow \(Wed, Nov 25\) at 8:00 am/)] },
    ],
  },
  {
    name: 'slots are asked one by one, with buttons for directions and for now',
    at: TUE_4PM,
    steps: [
      { send: 'hi', replies: [{ text: /^Hi! Which streetcar\?/, buttons: ['504 King', '501 Queen', '505 Dundas', '506 Carlton', '510 Spadina', '512 St Clair'] }] },
      { send: 'the spadina car', replies: [{ text: /northbound or southbound\?$/, buttons: ['Northbound (to Spadina Station)', 'Southbound (to Union Station)'] }] },
      { send: 'south', replies: [{ text: /^When are you travelling\?/, buttons: ['Now', 'In 30 minutes', 'Tomorrow 8 am'] }] },
      { send: 'Now', replies: [answer(510, 's', TUE_4PM, /now \(4:20 pm\)/)] },
    ],
  },
  {
    name: 'any answer may correct an earlier value',
    at: TUE_4PM,
    steps: [
      { send: '501 at 6pm', replies: [{ text: /eastbound or westbound\?$/ }] },
      { send: 'east, actually make that 7pm', replies: [answer(501, 'e', '2026-11-24T19:00:00-05:00')] },
      { send: 'actually westbound', replies: [answer(501, 'w', '2026-11-24T19:00:00-05:00')] },
      { send: 'Other direction', replies: [answer(501, 'e', '2026-11-24T19:00:00-05:00')] },
      { send: 'what about the 505?', replies: [answer(505, 'e', '2026-11-24T19:00:00-05:00')] },
      { send: 'No thanks', replies: [{ text: /^Have a good ride!$/ }] },
    ],
  },
  {
    name: 'a direction the route does not run is corrected with a question',
    at: TUE_4PM,
    steps: [
      { send: '510 eastbound at 5', replies: [{ text: /^The 510 Spadina runs north and south, not east\. Which way on the 510 Spadina: northbound or southbound\?$/, buttons: ['Northbound (to Spadina Station)', 'Southbound (to Union Station)'] }] },
      { send: 'northbound', replies: [answer(510, 'n', '2026-11-24T17:00:00-05:00')] },
    ],
  },
  {
    name: 'two routes in one message: ask which',
    at: TUE_4PM,
    steps: [
      { send: 'the 504 or the 501 east at 6', replies: [{ text: /^You mentioned the 504 King and the 501 Queen\. Which one do you mean\?$/, buttons: ['504 King', '501 Queen'] }] },
      { send: '501', replies: [answer(501, 'e', '2026-11-24T18:00:00-05:00')] },
    ],
  },
  {
    name: 'past times are refused and asked again',
    at: TUE_4PM,
    steps: [
      { send: '504 east yesterday at 5', replies: [{ text: /^Sorry, that is in the past\. When are you travelling\?/ }] },
      { send: 'today at 3pm', replies: [{ text: /^Sorry, that time has already passed\. When are you travelling\?/ }] },
      { send: 'in 20 minutes', replies: [answer(504, 'e', '2026-11-24T16:40:00-05:00')] },
    ],
  },
  {
    name: 'impossible clock times and dates are refused, not bent',
    at: TUE_4PM,
    steps: [
      { send: '505 west at 25:00', replies: [{ text: /^Sorry, 25:00 isn't a time on the clock\. When are you travelling\?/ }] },
      { send: 'February 30 at 9am', replies: [{ text: /^Sorry, February 30 isn't a date\. When are you travelling\?/ }] },
      { send: 'Dec 24 at 4pm', replies: [answer(505, 'w', '2026-12-24T16:00:00-05:00')] },
    ],
  },
  {
    name: 'spring forward: 2:30 am does not exist, 8 am is daylight time',
    at: '2026-03-07T21:00:00-05:00',
    steps: [
      { send: '501 west tomorrow at 2:30am', replies: [{ text: /^Sorry, 2:30 am doesn't exist in Toronto on Sunday, March 8: the clocks jump from 2:00 to 3:00 am that night\. When are you travelling\?/ }] },
      { send: 'tomorrow at 8am', replies: [answer(501, 'w', '2026-03-08T08:00:00-04:00')] },
      { send: 'same trip in 6 hours', replies: [answer(501, 'w', '2026-03-08T04:00:00-04:00')] },
    ],
  },
  {
    name: 'fall back: tomorrow at 8 am is standard time, "in 4 hours" counts real hours',
    at: '2026-10-31T22:00:00-04:00',
    steps: [
      { send: '504 east tomorrow at 8am', replies: [answer(504, 'e', '2026-11-01T08:00:00-05:00')] },
      { send: 'in 4 hours', replies: [answer(504, 'e', '2026-11-01T01:00:00-05:00')] },
    ],
  },
  {
    name: 'late evening "tomorrow" is the next Toronto day, whatever the server zone',
    at: '2026-11-24T23:50:00-05:00',
    steps: [
      { send: 'king car eastbound tomorrow at 8', replies: [answer(504, 'e', '2026-11-25T08:00:00-05:00', /tomorrow \(Wed, Nov 25\)/)] },
      { send: 'this time tomorrow', replies: [answer(504, 'e', '2026-11-25T23:50:00-05:00')] },
    ],
  },
  {
    name: 'a day without a time asks for the time on that day',
    at: TUE_4PM,
    steps: [
      { send: '512 westbound on friday', replies: [{ text: /^What time on Friday, November 27\?$/, buttons: ['8 am', '12 pm', '5 pm'] }] },
      { send: '8', replies: [answer(512, 'w', '2026-11-27T08:00:00-05:00')] },
    ],
  },
  {
    name: 'help, then carry on where we were',
    at: TUE_4PM,
    steps: [
      { send: '506', replies: [{ text: /eastbound or westbound\?$/ }] },
      { send: 'help', replies: [{ text: /^I estimate how likely/ }, { text: /eastbound or westbound\?$/ }] },
      { send: 'eastbound now', replies: [answer(506, 'e', TUE_4PM)] },
    ],
  },
  {
    name: 'cancel ends the trip; the next message starts afresh',
    at: TUE_4PM,
    steps: [
      { send: '506', replies: [{ text: /eastbound or westbound\?$/ }] },
      { send: 'cancel', replies: [{ text: /^OK, cancelled\./ }] },
      { send: 'eastbound', replies: [{ text: /^Which streetcar\?/ }] },
    ],
  },
  {
    name: 'start over forgets the trip so far',
    at: TUE_4PM,
    steps: [
      { send: '506 east', replies: [{ text: /^When are you travelling\?/ }] },
      { send: 'start over', replies: [{ text: /^OK, let's start over\.$/ }, { text: /^Which streetcar\?/ }] },
    ],
  },
  {
    name: 'the last trip is remembered: "same again tomorrow" after the conversation ended',
    at: TUE_4PM,
    steps: [
      { send: 'queen car towards the beaches at 5:30pm', replies: [answer(501, 'e', '2026-11-24T17:30:00-05:00')] },
      { send: 'no', replies: [{ text: /^Have a good ride!$/ }] },
      { send: 'same again tomorrow', replies: [answer(501, 'e', '2026-11-25T17:30:00-05:00')] },
      { send: 'Same trip next day', replies: [answer(501, 'e', '2026-11-26T17:30:00-05:00')] },
      { send: 'same trip tomorrow', at: '2026-11-25T09:00:00-05:00', replies: [answer(501, 'e', '2026-11-26T17:30:00-05:00')] },
    ],
  },
  {
    name: 'buses, unknown and retired routes get a plain explanation',
    at: TUE_4PM,
    steps: [
      { send: 'route 123 east now', replies: [{ text: /^The 123 is a bus; I know streetcars: 501–512 by day, 301–312 at night\. Which streetcar\?/ }] },
      { send: 'route 700', replies: [{ text: /^700 isn't a streetcar route; I know streetcars: .*Which streetcar\?/ }] },
      { send: '502 downtowner', replies: [{ text: /^The 502 Downtowner no longer runs; try the 501 Queen and 503 Kingston Rd\. Which streetcar\?/ }] },
      { send: '503', replies: [answer(503, 'e', TUE_4PM)] },
    ],
  },
  {
    name: 'emoji, other languages, empty and very long messages get a short helpful answer',
    at: TUE_4PM,
    steps: [
      { send: '🚋🚋🚋', replies: [{ text: /^Sorry, I didn't understand that\. .*Which streetcar\?/ }] },
      { send: 'где трамвай', replies: [{ text: /^Sorry, I didn't understand that\. Which streetcar\?/ }] },
      { send: 'thanks', replies: [{ text: /^You're welcome! Which streetcar\?/ }] },
      { send: { type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'https://example.com/x.png' }] }, replies: [{ text: /^I can only read text, so I didn't catch that\. Which streetcar\?/ }] },
      { send: `504 ${'blah '.repeat(400)}`, replies: [{ text: /^That was a long message: I read the first 500 characters\. Which way on the 504 King/ }] },
    ],
  },
  {
    name: 'rider text is never echoed back',
    at: TUE_4PM,
    steps: [
      { send: '<script>alert(1)</script> **bold** [x](javascript:y)', replies: [{ text: /^Sorry, I didn't understand that\./ }] },
      { send: '<img src=x onerror=alert(1)> 504 east now', replies: [answer(504, 'e', TUE_4PM)] },
    ],
  },
  {
    name: 'the rider\'s own time zone is used only to phrase the time',
    at: TUE_4PM,
    steps: [
      { send: { type: 'message', text: '504 east at 5pm', localTimezone: 'America/Vancouver' }, replies: [answer(504, 'e', '2026-11-24T17:00:00-05:00', /today at 5:00 pm \(2:00 pm your time\)/)] },
    ],
  },
];

function check(reply: Partial<Activity>, expect: Expect, where: string): void {
  if (expect.text) assert.match(reply.text ?? '', expect.text, `${where}: text`);
  if (expect.buttons) assert.deepEqual(reply.suggestedActions?.actions.map((a) => a.title), expect.buttons, `${where}: buttons`);
  if (expect.value) {
    const value = reply.value as Record<string, unknown> | undefined;
    assert.ok(value, `${where}: a prediction reply carries value`);
    assert.deepEqual(Object.keys(value).sort(), ['delayed', 'direction', 'probability', 'route', 'time'], `${where}: value keys`);
    assert.deepEqual({ route: value.route, direction: value.direction, time: value.time }, expect.value, `${where}: value`);
    assert.equal(typeof value.probability, 'number');
    assert.ok((value.probability as number) >= 0 && (value.probability as number) <= 1);
    assert.equal(typeof value.delayed, 'boolean');
    assert.equal(reply.attachments?.[0]?.contentType, 'application/vnd.microsoft.card.adaptive', `${where}: card`);
  } else {
    assert.equal(reply.value, undefined, `${where}: only prediction replies carry value`);
  }
  for (const text of [reply.text ?? '', JSON.stringify(reply.attachments ?? [])]) {
    assert.doesNotMatch(text, /<script|<img|onerror|javascript:|\*\*bold/i, `${where}: rider text echoed`);
    assert.doesNotMatch(text, /\bat \w+ \(.*\.ts:\d+/, `${where}: stack trace`);
  }
}

describe('dialogs', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const client = await mainDialogClient();
      for (const [i, step] of c.steps.entries()) {
        const base = typeof step.send === 'string' ? { type: 'message', text: step.send } : step.send;
        const first = await client.sendActivity({ ...base, timestamp: new Date(step.at ?? c.at) } as Partial<Activity>);
        const replies = drainReplies(client, first);
        const where = `step ${i + 1} (${typeof step.send === 'string' ? step.send.slice(0, 40) : 'activity'})`;
        assert.equal(replies.length, step.replies.length, `${where}: got ${JSON.stringify(replies.map((r) => r.text))}`);
        step.replies.forEach((expect, j) => check(replies[j], expect, `${where} reply ${j + 1}`));
      }
    });
  }
});

// The conversation tables (test/fixtures/utterances-conversations*.tsv, read by
// src/bot/eval/conversations.ts; npm run eval:nlu scores the same tables).
const FIXTURES = resolve(__dirname, '../fixtures');
for (const file of readdirSync(FIXTURES).filter((f) => /^utterances-conversations.*\.tsv$/.test(f)).sort()) {
  describe(`conversations: ${file}`, () => {
    for (const conversation of readConversations(resolve(FIXTURES, file))) {
      it(conversation.name, async () => {
        const { failure } = await playConversation(conversation, async () => {
          const client = await mainDialogClient();
          return async (activity) => drainReplies(client, await client.sendActivity(activity));
        });
        assert.equal(failure, undefined, failure && `line ${conversation.line}, step ${failure.step} (${failure.send.slice(0, 60)}): ${failure.problems.join('; ')}; replies ${JSON.stringify(failure.replies)}`);
      });
    }
  });
}
