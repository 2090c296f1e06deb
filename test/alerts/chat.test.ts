// Trip alerts over the Emulator protocol: the real server in this process, the real model, a
// clock the test moves, and the channel receiver that takes what the bot posts. Subscribing and
// managing by chat, the proactive alert (exactly one, with the prediction value and the
// subscription's id), refusals, "only if worse", pause, a restart, and DST weekends.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Activity } from 'botbuilder';
import type { DelayPredictor } from '../../src/model/types';
import { mergeUnderstanding } from '../../src/bot/draft';
import { understand } from '../../src/bot/understand';
import { realPredictor } from '../bot/helpers';
import { startReceiver, type Receiver } from '../helpers/channel-receiver';
import { message, post, startAlertsApp, TestClock, type AlertsApp } from './helpers';

let predictor: DelayPredictor;
let receiver: Receiver;
let server: AlertsApp;
const clock = new TestClock('2026-11-24T16:20:00-05:00');
let conversation = 0;

before(async () => {
  predictor = await realPredictor();
  receiver = await startReceiver();
  server = await startAlertsApp({ predictor, clock });
});
after(async () => {
  await server.close();
  await receiver.close();
});
beforeEach(() => {
  receiver.mode = 'ok';
  delete receiver.failStatus;
});

/** A fresh conversation (and rider) per test. */
function newConversation(): string {
  return `alerts-chat-${++conversation}`;
}

async function say(conv: string, text: string | undefined, at = clock.now().toISOString(), fields: Partial<Activity> = {}, app = server): Promise<Activity[]> {
  const before = receiver.activities.length;
  assert.equal(await post(app.url, message(receiver.url, conv, text, at, fields)), 200);
  return receiver.activities.slice(before).filter((a) => a.type === 'message');
}

async function tickAt(iso: string, app = server): Promise<Activity[]> {
  clock.set(iso);
  const before = receiver.activities.length;
  await app.app.alerts!.scheduler.tick();
  return receiver.activities.slice(before);
}

describe('subscribing by chat, and the alert', () => {
  it('"remind me 15 minutes before my 504 east tomorrow at 8am": confirmed in plain words, then exactly one alert at 7:45 with the prediction value', async () => {
    const conv = newConversation();
    const [confirm] = await say(conv, 'remind me 15 minutes before my 504 east tomorrow at 8am', '2026-11-24T16:20:00-05:00');
    assert.equal(
      confirm.text,
      'Done: I\'ll message you at 7:45 am, 15 minutes before your 8:00 am trip tomorrow (Wed, Nov 25) on the 504 King eastbound (Toronto time). Say "my alerts" to see or stop your alerts.',
    );
    assert.deepEqual(await tickAt('2026-11-25T07:44:50-05:00'), [], 'nothing before it is due');
    const sent = await tickAt('2026-11-25T07:45:10-05:00');
    assert.equal(sent.length, 1, 'exactly one alert');
    const alert = sent[0];
    assert.equal(alert.conversation.id, conv, 'to the conversation the rider subscribed from');
    const value = alert.value as Record<string, unknown>;
    assert.deepEqual(Object.keys(value).sort(), ['delayed', 'direction', 'probability', 'route', 'subscriptionId', 'time']);
    assert.equal(value.route, 504);
    assert.equal(value.direction, 'e');
    assert.equal(value.time, '2026-11-25T08:00:00-05:00');
    const expected = predictor.predict({ route: 504, direction: 'e', time: new Date('2026-11-25T08:00:00-05:00') });
    assert.equal(value.probability, expected.probability);
    assert.match(String(value.subscriptionId), /^[0-9a-f]{16}$/);
    assert.match(alert.text ?? '', /^Your 8:00 am trip on the 504 King eastbound, as you asked: 504 King eastbound, today at 8:00 am: \d+% chance of a reported delay/);
    assert.equal(alert.attachments?.[0]?.contentType, 'application/vnd.microsoft.card.adaptive');
    const card = alert.attachments?.[0]?.content as { actions: { title: string; data: unknown }[] };
    assert.deepEqual(card.actions.map((a) => a.title), ['Stop this alert']);
    assert.deepEqual(await tickAt('2026-11-25T07:47:00-05:00'), [], 'not sent twice');
    assert.match(await (await fetch(`${server.url}/metrics`)).text(), /^alerts_total\{outcome="sent"\} 1$/m, 'counted at /metrics');
    const [list] = await say(conv, 'my alerts', '2026-11-25T07:50:00-05:00');
    assert.match(list.text ?? '', /^You have no trip alerts/, 'a one-off alert ends once sent');
  });

  it('"alert me weekdays at 7:45 about the 504 eastbound at 8": every weekday at 7:45, not on the weekend', async () => {
    const conv = newConversation();
    const [confirm] = await say(conv, 'alert me weekdays at 7:45 about the 504 eastbound at 8', '2026-11-27T12:00:00-05:00'); // a Friday
    assert.match(confirm.text ?? '', /^Done: I'll message you at 7:45 am on weekdays, 15 minutes before your 8:00 am trip on the 504 King eastbound \(Toronto time\)\. The first one: Monday, Nov 30 at 7:45 am\./);
    assert.deepEqual(await tickAt('2026-11-28T07:46:00-05:00'), [], 'Saturday');
    assert.deepEqual(await tickAt('2026-11-29T07:46:00-05:00'), [], 'Sunday');
    const monday = await tickAt('2026-11-30T07:45:30-05:00');
    assert.equal(monday.length, 1);
    assert.equal((monday[0].value as { time: string }).time, '2026-11-30T08:00:00-05:00');
    assert.deepEqual(await tickAt('2026-11-30T07:52:00-05:00'), []);
    const tuesday = await tickAt('2026-12-01T07:45:01-05:00');
    assert.equal(tuesday.length, 1);
    assert.equal((tuesday[0].value as { time: string }).time, '2026-12-01T08:00:00-05:00');
    await say(conv, 'stop all alerts', '2026-12-01T09:00:00-05:00');
  });

  it('"on Mondays and Wednesdays", "every day", "only if it looks worse than usual" are understood and said back', async () => {
    const conv = newConversation();
    const at = '2026-11-24T16:20:00-05:00';
    const [a] = await say(conv, 'remind me on Mondays and Wednesdays 10 min before the 505 westbound at 17:45', at);
    assert.match(a.text ?? '', /at 5:35 pm on Mondays and Wednesdays, 10 minutes before your 5:45 pm trip on the 505 Dundas westbound \(Toronto time\)\. The first one: tomorrow \(Wed, Nov 25\) at 5:35 pm\./);
    const [b] = await say(conv, 'alert me every day about the 501 west at 5:30 pm', at);
    assert.match(b.text ?? '', /at 5:15 pm every day, 15 minutes before your 5:30 pm trip on the 501 Queen westbound/);
    const [c] = await say(conv, 'alert me weekdays 20 minutes before the 504 eastbound at 8 only if it looks worse than usual', at);
    assert.match(c.text ?? '', /at 7:40 am on weekdays, 20 minutes before your 8:00 am trip on the 504 King eastbound \(Toronto time\), but only when it looks worse than usual\./);
    const [list] = await say(conv, 'my alerts', at);
    assert.equal(
      list.text,
      [
        'Your trip alerts (Toronto time):',
        '',
        '- 505 Dundas westbound, Mondays and Wednesdays, trip at 5:45 pm: alert at 5:35 pm',
        '- 501 Queen westbound, every day, trip at 5:30 pm: alert at 5:15 pm',
        '- 504 King eastbound, weekdays, trip at 8:00 am: alert at 7:40 am, only when worse than usual',
      ].join('\n'),
    );
    const card = list.attachments?.[0]?.content as { body: unknown[]; actions: { title: string }[] };
    assert.equal(card.body.length, 3, 'one row (with its Stop button) per alert');
    assert.deepEqual(card.actions.map((x) => x.title), ['Stop all alerts']);
    const [stopped] = await say(conv, 'stop the 505 alert', at);
    assert.equal(stopped.text, 'Stopped your alert for the 505 Dundas westbound at 5:45 pm. I won\'t send it again.');
    const [all] = await say(conv, 'stop all alerts', at);
    assert.match(all.text ?? '', /^Stopped all 2 alerts: the 501 Queen westbound at 5:30 pm and the 504 King eastbound at 8:00 am\./);
    const [none] = await say(conv, 'stop the 504 alert', at);
    assert.equal(none.text, 'You have no alert for the 504 King. Say "my alerts" to see the ones you have.');
  });

  it('the Stop button of "my alerts" stops that alert; an unsubscribed alert is never sent', async () => {
    const conv = newConversation();
    await say(conv, 'remind me 10 minutes before the 506 east tomorrow at 9 am', '2026-11-24T16:20:00-05:00');
    const [list] = await say(conv, 'my alerts', '2026-11-24T16:21:00-05:00');
    const card = list.attachments?.[0]?.content as { body: { columns: { items: { actions?: { title: string; data: unknown }[] }[] }[] }[] };
    const stop = card.body[0].columns[1].items[0].actions?.[0];
    assert.equal(stop?.title, 'Stop');
    // Action.Submit: the channel sends the button's data as the message's value, with no text.
    const [stopped] = await say(conv, undefined, '2026-11-24T16:22:00-05:00', { value: stop?.data });
    assert.equal(stopped.text, 'Stopped your alert for the 506 Carlton eastbound at 9:00 am. I won\'t send it again.');
    assert.deepEqual(await tickAt('2026-11-25T08:50:30-05:00'), [], 'nothing sent after unsubscribing');
  });
});

describe('the answer card offers "Alert me before this trip"', () => {
  it('a trip answer has the button; tapping it asks which days, then confirms', async () => {
    const conv = newConversation();
    const [answer] = await say(conv, '504 east tomorrow at 8 am', '2026-11-24T16:20:00-05:00');
    const card = answer.attachments?.[0]?.content as { actions?: { title: string; data: unknown }[] };
    const offer = card.actions?.find((a) => a.title === 'Alert me before this trip');
    assert.ok(offer, 'the answer card has the button');
    const [days] = await say(conv, undefined, '2026-11-24T16:21:00-05:00', { value: offer.data });
    assert.equal(days.text, 'Which days should I alert you?');
    assert.deepEqual(days.suggestedActions?.actions.map((a) => a.title), ['Just this once', 'Weekdays', 'Every day', 'Wednesdays']);
    const [done] = await say(conv, 'Wednesdays', '2026-11-24T16:22:00-05:00');
    assert.match(done.text ?? '', /^Done: I'll message you at 7:45 am on Wednesdays, 15 minutes before your 8:00 am trip on the 504 King eastbound \(Toronto time\)\. The first one: tomorrow \(Wed, Nov 25\) at 7:45 am\./);
    await say(conv, 'stop all alerts', '2026-11-24T16:23:00-05:00');
  });

  it('a route or direction that is missing or does not exist is asked for with the trip dialog\'s words', async () => {
    const conv = newConversation();
    // The trip dialog's own notes for these, whatever their wording is today.
    const ref = new Date('2026-11-24T16:20:00-05:00');
    const unknown = mergeUnderstanding({}, understand('the 599', ref)).notes[0];
    const wrongWay = mergeUnderstanding({ route: 510 }, understand('eastbound', ref)).notes[0];
    assert.ok(unknown && wrongWay);
    const [route] = await say(conv, 'alert me weekdays at 7:45 about the 599 eastbound at 8', '2026-11-24T16:20:00-05:00');
    assert.ok(route.text?.startsWith(`${unknown} Which streetcar?`), route.text);
    const [direction] = await say(conv, '510', '2026-11-24T16:20:10-05:00');
    assert.ok(direction.text?.startsWith(`${wrongWay} Which way on the 510 Spadina`), direction.text);
    const [done] = await say(conv, 'southbound', '2026-11-24T16:20:20-05:00');
    assert.match(done.text ?? '', /^Done: I'll message you at 7:45 am on weekdays, 15 minutes before your 8:00 am trip on the 510 Spadina southbound/);
    const [retired] = await say(conv, 'alert me every day about the 502 east at 8', '2026-11-24T16:21:00-05:00');
    assert.match(retired.text ?? '', /^The 502 Downtowner no longer runs/);
    await say(conv, 'cancel', '2026-11-24T16:21:10-05:00');
    const [time] = await say(conv, 'alert me at 7:45 about the 504 eastbound', '2026-11-24T16:22:00-05:00');
    assert.match(time.text ?? '', /^What time does the trip start\?/);
    assert.deepEqual(time.suggestedActions?.actions.map((a) => a.title), ['8:00 am', '8:15 am']);
    const [once] = await say(conv, '8:00 am', '2026-11-24T16:22:10-05:00');
    assert.match(once.text ?? '', /^That time has passed today, so I took tomorrow\. Done: I'll message you at 7:45 am, 15 minutes before your 8:00 am trip tomorrow \(Wed, Nov 25\) on the 504 King eastbound/);
    await say(conv, 'stop all alerts', '2026-11-24T16:23:00-05:00');
  });
});

describe('refused, with a clear reason', () => {
  const at = '2026-11-24T16:20:00-05:00';
  const cases: [string, string][] = [
    ['alert me every hour about the 504 east', "I send at most one alert a day for each trip, so I can't repeat it more often. For a second trip, set up a second alert."],
    ['remind me every 30 minutes about the 504 east at 8', "I send at most one alert a day for each trip, so I can't repeat it more often. For a second trip, set up a second alert."],
    ['remind me 13 hours before the 504 east at 8', '13 hours ahead is too early: I can alert you at most 12 hours before the trip.'],
    ['remind me 2 minutes before the 504 east at 8', '2 minutes ahead is too late to be useful: I need at least 5 minutes before the trip.'],
    ['remind me 5 minutes before the 504 eastbound at 16:22', 'That alert would be at 4:17 pm today (Tue, Nov 24), which has already passed. Pick a later trip or a shorter lead.'],
    ['remind me 15 minutes before the 504 east today at 8 am', 'That alert would be at 7:45 am today (Tue, Nov 24), which has already passed. Pick a later trip or a shorter lead.'],
    ['remind me 15 minutes before the 504 east on march 14 2027 at 2:30 am', "Sorry, 2:30 am doesn't exist in Toronto on Sunday, Mar 14: the clocks jump from 2:00 to 3:00 am that night."],
    ['alert me on february 30 about the 504 east at 8', "Sorry, February 30 isn't a date."],
    ['alert me on november 20 about the 504 east at 8', 'Sorry, that day is in the past.'],
    ['remind me 15 minutes before the 504 east on december 1 2027 at 8', 'Sorry, I can only look up to a year ahead.'],
  ];
  for (const [text, reply] of cases) {
    it(text, async () => {
      const conv = newConversation();
      const [r] = await say(conv, text, at);
      assert.equal(r.text, reply);
      const [list] = await say(conv, 'my alerts', at);
      assert.match(list.text ?? '', /^You have no trip alerts/, 'nothing was saved');
    });
  }

  it('more than maxPerRider alerts (here 2); the same alert twice', async () => {
    const small = await startAlertsApp({ predictor, clock, config: (c) => ({ ...c, alerts: { ...c.alerts, maxPerRider: 2 } }) });
    try {
      const conv = newConversation();
      await say(conv, 'alert me weekdays about the 504 east at 8', at, {}, small);
      const [dup] = await say(conv, 'alert me weekdays about the 504 east at 8 am', at, {}, small);
      assert.equal(dup.text, 'You already have that alert: 504 King eastbound, weekdays, trip at 8:00 am: alert at 7:45 am.');
      await say(conv, 'alert me weekdays about the 504 west at 5 pm', at, {}, small);
      const [third] = await say(conv, 'alert me every day about the 501 east at 9', at, {}, small);
      assert.equal(third.text, 'You already have 2 alerts, the most I keep for one rider. Say "my alerts" to stop one first.');
    } finally {
      await small.close();
    }
  });

  it('alerts off (alerts.enabled: false): commands are answered, trips still work, no button', async () => {
    const off = await startAlertsApp({ predictor, clock, config: (c) => ({ ...c, alerts: { ...c.alerts, enabled: false } }) });
    try {
      const conv = newConversation();
      const [r] = await say(conv, 'alert me weekdays about the 504 east at 8', at, {}, off);
      assert.match(r.text ?? '', /^Trip alerts are not available on this server/);
      const [answer] = await say(conv, '504 east tomorrow at 8 am', at, {}, off);
      assert.equal((answer.attachments?.[0]?.content as { actions?: unknown[] }).actions, undefined);
      assert.equal(off.app.alerts, undefined);
    } finally {
      await off.close();
    }
  });
});

describe('only if worse, live alerts, pause', () => {
  it('"only if it looks worse than usual": nothing on an ordinary day, the alert on a worse one, and on a day with a live TTC alert', async () => {
    const real = predictor;
    // The 504 eastbound on Tuesday, December 1 looks three times as risky as usual.
    const worseOnTuesday: DelayPredictor = {
      ...real,
      info: real.info,
      predict: (trip) => {
        const p = real.predict(trip);
        return p.time.startsWith('2026-12-01') ? { ...p, probability: Math.min(0.95, p.probability * 3) } : p;
      },
      predictBatch: (trips) => trips.map((t) => worseOnTuesday.predict(t)),
      hourlyRisk: (r, d, day) => real.hourlyRisk(r, d, day),
    };
    const live = (route: number, at: Date) => (route === 504 && at.toISOString().startsWith('2026-12-02') ? [{ header: 'King St closed at Bathurst for a water main repair', effect: 'Detour', until: '2026-12-02T18:00:00-05:00' }] : []);
    const app = await startAlertsApp({ predictor: worseOnTuesday, clock, alertsFor: live });
    try {
      const conv = newConversation();
      await say(conv, 'alert me weekdays 15 minutes before the 504 eastbound at 8 only if it looks worse than usual', '2026-11-27T12:00:00-05:00', {}, app);
      assert.deepEqual(await tickAt('2026-11-30T07:45:30-05:00', app), [], 'an ordinary Monday: nothing');
      assert.ok(app.logs.some((l) => l.msg === 'alerts: not worse than usual; nothing sent (only if worse)'), 'logged');
      const tuesday = await tickAt('2026-12-01T07:45:30-05:00', app);
      assert.equal(tuesday.length, 1, 'the worse Tuesday');
      assert.equal((tuesday[0].value as { time: string }).time, '2026-12-01T08:00:00-05:00');
      const wednesday = await tickAt('2026-12-02T07:45:30-05:00', app);
      assert.equal(wednesday.length, 1, 'a live alert on the route counts as worse');
      assert.deepEqual((wednesday[0].value as { liveAlerts: unknown }).liveAlerts, [{ header: 'King St closed at Bathurst for a water main repair', effect: 'Detour', until: '2026-12-02T18:00:00-05:00' }]);
      assert.match(wednesday[0].text ?? '', /TTC service alerts for the 504 King:\n- Detour: King St closed at Bathurst for a water main repair \(until 6:00 pm\)$/);
      assert.deepEqual(await tickAt('2026-12-03T07:45:30-05:00', app), [], 'Thursday is ordinary again');
    } finally {
      await app.close();
    }
  });

  it('"pause alerts until Monday": nothing on the weekend, Monday\'s goes out; "resume alerts" turns them back on', async () => {
    const conv = newConversation();
    await say(conv, 'alert me every day 10 minutes before the 501 east at 9 am', '2026-11-27T12:00:00-05:00');
    const [paused] = await say(conv, 'pause alerts until Monday', '2026-11-27T12:01:00-05:00');
    assert.equal(paused.text, 'Paused your alert: nothing before Monday, Nov 30 at 12:00 am (midnight) (Toronto time). Say "resume alerts" to turn them back on sooner.');
    assert.deepEqual(await tickAt('2026-11-28T08:50:30-05:00'), []);
    assert.deepEqual(await tickAt('2026-11-29T08:50:30-05:00'), []);
    assert.equal((await tickAt('2026-11-30T08:50:30-05:00')).length, 1);
    await say(conv, 'pause alerts', '2026-11-30T12:00:00-05:00');
    assert.deepEqual(await tickAt('2026-12-01T08:50:30-05:00'), [], 'paused until resumed');
    const [resumed] = await say(conv, 'resume alerts', '2026-12-01T12:00:00-05:00');
    assert.equal(resumed.text, 'Your alert is back on.');
    assert.equal((await tickAt('2026-12-02T08:50:30-05:00')).length, 1);
    await say(conv, 'stop all alerts', '2026-12-02T12:00:00-05:00');
  });
});

describe('DST weekends: schedules stay on the Toronto wall clock', () => {
  it('spring forward (2027-03-14): 8:00 stays 8:00; a 2:30 am trip has no alert that day, logged', async () => {
    const conv = newConversation();
    const [eight] = await say(conv, 'alert me every day 15 minutes before the 504 east at 8 am', '2027-03-10T12:00:00-05:00');
    assert.match(eight.text ?? '', /^Done: I'll message you at 7:45 am every day/);
    const [night] = await say(conv, 'alert me every day 15 minutes before the 301 east at 2:30 am', '2027-03-10T12:00:00-05:00');
    assert.match(night.text ?? '', /The night clocks spring forward, 2:30 am doesn't exist in Toronto, so that day has no alert\./);
    const saturday = await tickAt('2027-03-13T02:15:20-05:00');
    assert.deepEqual(saturday.map((a) => (a.value as { time: string }).time), ['2027-03-13T02:30:00-05:00']);
    assert.equal((await tickAt('2027-03-13T07:45:20-05:00')).length, 1);
    // Sunday: 2:15 am EST is followed by 3:00 am EDT; the 2:30 trip does not exist.
    assert.deepEqual(await tickAt('2027-03-14T03:20:00-04:00'), []);
    assert.ok(server.logs.some((l) => l.msg === 'alerts: the trip time does not exist that day in Toronto (clocks spring forward); no alert that day' && l.occurrence === '2027-03-14'));
    const sunday = await tickAt('2027-03-14T07:45:20-04:00');
    assert.deepEqual(sunday.map((a) => (a.value as { time: string }).time), ['2027-03-14T08:00:00-04:00']);
    assert.deepEqual(await tickAt('2027-03-14T07:49:00-04:00'), [], 'not an hour later as well');
    const monday = await tickAt('2027-03-15T02:15:20-04:00');
    assert.deepEqual(monday.map((a) => (a.value as { time: string }).time), ['2027-03-15T02:30:00-04:00']);
    await say(conv, 'stop all alerts', '2027-03-15T12:00:00-04:00');
  });

  it('fall back (2027-11-07): 1:30 am is the first pass, sent once; 8:00 stays 8:00', async () => {
    const conv = newConversation();
    await say(conv, 'alert me every day 15 minutes before the 301 east at 1:30 am', '2027-11-03T12:00:00-04:00');
    await say(conv, 'alert me every day 15 minutes before the 504 east at 8 am', '2027-11-03T12:00:00-04:00');
    const first = await tickAt('2027-11-07T01:15:20-04:00');
    assert.deepEqual(first.map((a) => (a.value as { time: string }).time), ['2027-11-07T01:30:00-04:00']);
    assert.deepEqual(await tickAt('2027-11-07T01:15:20-05:00'), [], 'the repeated hour: not again');
    const eight = await tickAt('2027-11-07T07:45:20-05:00');
    assert.deepEqual(eight.map((a) => (a.value as { time: string }).time), ['2027-11-07T08:00:00-05:00']);
    await say(conv, 'stop all alerts', '2027-11-07T12:00:00-05:00');
  });
});
