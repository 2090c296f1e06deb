// Reading alert commands (src/bot/understand/subscription.ts): what is a command at all, the
// parts of a subscription, and how they become a schedule in Toronto time. Fixed reference times.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readAlertCommand, resolveAlertTimes, type AlertCommand } from '../../src/bot/understand/subscription';

const TUESDAY = new Date('2026-11-24T16:20:00-05:00');

function command(text: string, ref = TUESDAY): AlertCommand | undefined {
  return readAlertCommand(text, undefined, ref);
}

function subscribe(text: string, ref = TUESDAY) {
  const c = command(text, ref);
  assert.equal(c?.kind, 'subscribe', `${text} is a subscription`);
  return (c as Extract<AlertCommand, { kind: 'subscribe' }>).request;
}

describe('which messages are alert commands', () => {
  it('trip questions and plain words are not', () => {
    for (const text of ['504 eastbound at 8', 'any alerts on the 504?', 'will the king car be late tomorrow', 'stop', 'cancel', 'help', 'no thanks', 'alerts on queen?']) {
      assert.equal(command(text), undefined, text);
    }
  });

  it('managing: list, stop one, stop a route, stop all, pause, resume', () => {
    assert.deepEqual(command('my alerts'), { kind: 'list' });
    assert.deepEqual(command('Show my alerts'), { kind: 'list' });
    assert.deepEqual(command('what alerts do I have?'), { kind: 'list' });
    assert.deepEqual(command('stop the 504 alert'), { kind: 'stop', all: false, route: 504 });
    assert.deepEqual(command('cancel my king car eastbound alert'), { kind: 'stop', all: false, route: 504, direction: 'e' });
    assert.deepEqual(command('stop all alerts'), { kind: 'stop', all: true });
    assert.deepEqual(command('unsubscribe'), { kind: 'stop', all: true });
    assert.deepEqual(command('stop this alert'), { kind: 'stop', all: false });
    assert.deepEqual(command('pause alerts until Monday'), { kind: 'pause', until: new Date('2026-11-30T00:00:00-05:00') });
    assert.deepEqual(command('pause my alerts for a week'), { kind: 'pause', until: new Date('2026-12-01T00:00:00-05:00') });
    assert.deepEqual(command('pause alerts through friday'), { kind: 'pause', until: new Date('2026-11-28T00:00:00-05:00') });
    assert.deepEqual(command('pause alerts'), { kind: 'pause' });
    assert.deepEqual(command('resume alerts'), { kind: 'resume' });
  });

  it('card buttons: their data, checked', () => {
    assert.deepEqual(readAlertCommand(undefined, { alerts: { action: 'stop', id: '0123456789abcdef' } }, TUESDAY), { kind: 'stop', id: '0123456789abcdef', all: false });
    assert.equal(readAlertCommand(undefined, { alerts: { action: 'stop', id: '../../etc' } }, TUESDAY), undefined);
    assert.deepEqual(readAlertCommand(undefined, { alerts: { action: 'offer', route: 504, direction: 'e', time: '2026-11-25T13:00:00.000Z' } }, TUESDAY), {
      kind: 'offer', route: 504, direction: 'e', time: new Date('2026-11-25T13:00:00.000Z'),
    });
    assert.equal(readAlertCommand(undefined, { alerts: { action: 'offer', route: 504, direction: 'x', time: 'soon' } }, TUESDAY), undefined);
  });
});

describe('the parts of a subscription', () => {
  it('"alert me weekdays at 7:45 about the 504 eastbound at 8": alert clock, trip clock, days', () => {
    const r = subscribe('alert me weekdays at 7:45 about the 504 eastbound at 8');
    assert.deepEqual(r.route, { kind: 'route', route: 504 });
    assert.deepEqual(r.direction, { kind: 'direction', direction: 'e' });
    assert.deepEqual(r.days, [0, 1, 2, 3, 4]);
    assert.deepEqual(resolveAlertTimes(r, TUESDAY, 15), { kind: 'ok', schedule: { kind: 'weekly', days: [0, 1, 2, 3, 4], clock: { hour: 8, minute: 0 } }, leadMinutes: 15, notes: [] });
  });

  it('"remind me 15 minutes before my 504 east tomorrow at 8am": a one-off with a lead', () => {
    const r = subscribe('remind me 15 minutes before my 504 east tomorrow at 8am');
    assert.deepEqual(resolveAlertTimes(r, TUESDAY, 20), { kind: 'ok', schedule: { kind: 'once', day: { year: 2026, month: 11, day: 25 }, clock: { hour: 8, minute: 0 } }, leadMinutes: 15, notes: [] });
  });

  it('days: every day, Mondays and Wednesdays, mon-fri, weekends, a bare Friday (once)', () => {
    assert.deepEqual(subscribe('alert me every day about the 501 west at 5:30 pm').days, [0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(subscribe('remind me on Mondays and Wednesdays about the 505 west at 17:45').days, [0, 2]);
    assert.deepEqual(subscribe('alert me mon-fri at 7:45 about the king car eastbound at 8').days, [0, 1, 2, 3, 4]);
    assert.deepEqual(subscribe('alert me on weekends about the 501 east at 10 am').days, [5, 6]);
    const friday = subscribe('remind me 10 minutes before the 510 north on friday at 8');
    assert.equal(friday.days, undefined);
    assert.deepEqual(friday.once, { year: 2026, month: 11, day: 27 });
  });

  it('"only if it looks worse than usual" and its variants', () => {
    for (const text of ['alert me weekdays about the 504 east at 8 only if it looks worse than usual', 'remind me about the 504 east at 8 but only on bad days', 'alert me if the 504 east at 8 is likely late']) {
      assert.equal(subscribe(text).onlyIfWorse, true, text);
    }
    assert.equal(subscribe('alert me weekdays about the 504 east at 8').onlyIfWorse, false);
  });

  it('leads: minutes, half an hour, an hour and a half', () => {
    assert.equal(subscribe('remind me 20 mins before the 504 east at 8').leadMinutes, 20);
    assert.equal(subscribe('remind me half an hour before the 504 east at 8').leadMinutes, 30);
    assert.equal(subscribe('remind me an hour and a half before the 504 east at 8').leadMinutes, 90);
    assert.equal(subscribe('remind me forty minutes ahead of the 504 east at 8').leadMinutes, 40);
  });

  it('an alert in the evening for an early trip: the lead crosses midnight', () => {
    const r = subscribe('alert me at 11:30 pm about my 504 east at 6 am weekdays');
    const s = resolveAlertTimes(r, TUESDAY, 15);
    assert.equal(s.kind === 'ok' && s.leadMinutes, 390);
  });

  it('no day named: the next time that trip runs (today, or tomorrow with a note)', () => {
    const r = subscribe('remind me 5 minutes before the 504 eastbound at 16:40');
    assert.deepEqual(resolveAlertTimes(r, TUESDAY, 15), { kind: 'ok', schedule: { kind: 'once', day: { year: 2026, month: 11, day: 24 }, clock: { hour: 16, minute: 40 } }, leadMinutes: 5, notes: [] });
    const morning = resolveAlertTimes(subscribe('remind me about the 504 eastbound at 8 am'), TUESDAY, 15);
    assert.deepEqual(morning, { kind: 'ok', schedule: { kind: 'once', day: { year: 2026, month: 11, day: 25 }, clock: { hour: 8, minute: 0 } }, leadMinutes: 15, notes: ['took_tomorrow'] });
  });
});

describe('refused, with a reason', () => {
  it('more often than once a day per trip', () => {
    for (const text of ['alert me every hour about the 504', 'remind me every 30 minutes about the 504 east', 'alert me twice a day about the 501', 'remind me about the 504 east at 8 and 5:30']) {
      assert.deepEqual(subscribe(text).problem, { kind: 'too_often' }, text);
    }
  });

  it('a lead over 12 hours or under 5 minutes', () => {
    assert.deepEqual(resolveAlertTimes(subscribe('remind me 13 hours before the 504 east at 8'), TUESDAY, 15), { kind: 'problem', problem: { kind: 'lead_too_long', minutes: 780 } });
    assert.deepEqual(resolveAlertTimes(subscribe('remind me 2 minutes before the 504 east at 8'), TUESDAY, 15), { kind: 'problem', problem: { kind: 'lead_too_short', minutes: 2 } });
  });

  it('a one-off whose alert time has passed', () => {
    assert.deepEqual(resolveAlertTimes(subscribe('remind me 5 minutes before the 504 eastbound at 16:22'), TUESDAY, 15), { kind: 'problem', problem: { kind: 'already_past', sendAt: new Date('2026-11-24T16:17:00-05:00') } });
    assert.deepEqual(resolveAlertTimes(subscribe('remind me 15 minutes before the 504 east today at 8 am'), TUESDAY, 15), { kind: 'problem', problem: { kind: 'already_past', sendAt: new Date('2026-11-24T07:45:00-05:00') } });
  });

  it('a trip time that does not exist (spring forward), an impossible clock, a date that is not one', () => {
    const gap = resolveAlertTimes(subscribe('remind me 15 minutes before the 504 east on march 14 2027 at 2:30 am'), TUESDAY, 15);
    assert.deepEqual(gap, { kind: 'problem', problem: { kind: 'no_such_clock', clock: { hour: 2, minute: 30 }, day: { year: 2027, month: 3, day: 14 } } });
    assert.deepEqual(subscribe('alert me at 25:00 about the 504 east').problem, { kind: 'words', problem: { kind: 'not-a-clock', hour: '25', minute: '00' } });
    assert.deepEqual(subscribe('alert me on february 30 about the 504 east at 8').problem, { kind: 'words', problem: { kind: 'not-a-date', month: 2, day: 30 } });
  });

  it('problems are codes, worded by the catalogue (src/bot/replies/alert-messages.ts)', () => {
    assert.deepEqual(subscribe('alert me on november 20 about the 504 east at 8').problem, { kind: 'past_day' });
    assert.deepEqual(command('pause alerts for 13 months'), { kind: 'pause', problem: { kind: 'too_long' } });
    assert.deepEqual(command('pause alerts until november 20'), { kind: 'pause', problem: { kind: 'past_day' } });
    assert.deepEqual(command('pause alerts until february 30'), { kind: 'pause', problem: { kind: 'words', problem: { kind: 'not-a-date', month: 2, day: 30 } } });
  });
});
