// Trip alerts in French: the commands read from French words (src/bot/understand/subscription-fr.ts)
// and a French chat over the Emulator protocol, from the confirmation to the alert itself, all
// worded by the French catalogue (src/bot/replies/alert-messages-fr.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Activity } from 'botbuilder';
import { readAlertCommand, type AlertCommand } from '../../src/bot/understand/subscription';
import { realPredictor } from '../bot/helpers';
import { startReceiver, type Receiver } from '../helpers/channel-receiver';
import { message, post, startAlertsApp, TestClock, type AlertsApp } from './helpers';

const TUESDAY = new Date('2026-11-24T16:20:00-05:00');
const fr = (text: string): AlertCommand | undefined => readAlertCommand(text, undefined, TUESDAY, 'fr');

describe('French alert commands', () => {
  it('reads a subscription: days, trip clock, alert clock, route and direction', () => {
    const c = fr("alerte-moi en semaine à 7 h 45 pour le 504 vers l'est à 8 h");
    assert.equal(c?.kind, 'subscribe');
    const r = (c as Extract<AlertCommand, { kind: 'subscribe' }>).request;
    assert.deepEqual(r.route, { kind: 'route', route: 504 });
    assert.deepEqual(r.direction, { kind: 'direction', direction: 'e' });
    assert.deepEqual(r.days, [0, 1, 2, 3, 4]);
    assert.deepEqual(r.alertClock, { minute: 45, hours: [7, 19] });
    assert.deepEqual(r.tripClock, { minute: 0, hours: [8, 20] });
  });
  it('reads a lead, "demain" and "seulement si c\'est pire"', () => {
    const r = (fr("rappelle-moi 15 minutes avant mon 501 vers l'ouest demain à 17 h 30, seulement si c'est pire que d'habitude") as Extract<AlertCommand, { kind: 'subscribe' }>).request;
    assert.equal(r.leadMinutes, 15);
    assert.deepEqual(r.once, { year: 2026, month: 11, day: 25 });
    assert.deepEqual(r.tripClock, { minute: 30, hours: [17] });
    assert.equal(r.onlyIfWorse, true);
  });
  it('reads "mes alertes", "arrête toutes les alertes", "arrête l\'alerte du 504", pause and resume', () => {
    assert.deepEqual(fr('mes alertes'), { kind: 'list' });
    assert.deepEqual(fr('arrête toutes les alertes'), { kind: 'stop', all: true });
    assert.deepEqual(fr("arrête l'alerte du 504"), { kind: 'stop', all: false, route: 504 });
    assert.equal(fr('mets les alertes en pause pendant une semaine')?.kind, 'pause');
    assert.deepEqual(fr('reprendre les alertes'), { kind: 'resume' });
  });
  it('leaves French trips alone', () => {
    assert.equal(fr("le 504 vers l'est demain à 8 h"), undefined);
    assert.equal(fr("est-ce que le 504 sera en retard ?"), undefined);
  });
});

describe('trip alerts by chat in French', () => {
  let receiver: Receiver;
  let server: AlertsApp;
  const clock = new TestClock('2026-11-24T16:20:00-05:00');
  before(async () => {
    receiver = await startReceiver();
    server = await startAlertsApp({ predictor: await realPredictor(), clock });
  });
  after(async () => {
    await server.close();
    await receiver.close();
  });
  async function say(text: string, at: string, fields: Partial<Activity> = {}): Promise<Activity[]> {
    const before = receiver.activities.length;
    assert.equal(await post(server.url, message(receiver.url, 'alerts-fr', text, at, fields)), 200);
    return receiver.activities.slice(before).filter((a) => a.type === 'message');
  }

  it('confirms in French, lists in French, and the alert itself is French', async () => {
    const [confirm] = await say("rappelle-moi 15 minutes avant mon 504 vers l'est demain à 8 h", '2026-11-24T16:20:00-05:00');
    assert.equal(
      confirm.text,
      "C'est fait : je vous écrirai à 7 h 45, 15 minutes avant votre trajet de 8 h 00 demain (mer. 25 nov.) sur le 504 King vers l'est (heure de Toronto). Dites « mes alertes » pour voir ou arrêter vos alertes.",
    );
    const [list] = await say('mes alertes', '2026-11-24T16:21:00-05:00');
    assert.match(list.text ?? '', /^Vos alertes de trajet \(heure de Toronto\) :\n\n- 504 King vers l'est, demain \(mer\. 25 nov\.\), trajet à 8 h 00 : alerte à 7 h 45$/);
    clock.set('2026-11-25T07:45:00-05:00');
    const before = receiver.activities.length;
    await server.app.alerts!.scheduler.tick();
    const sent = receiver.activities.slice(before).filter((a) => a.type === 'message');
    assert.equal(sent.length, 1);
    assert.match(sent[0].text ?? '', /^Votre trajet de 8 h 00 sur le 504 King vers l'est, comme demandé : 504 King vers l'est, aujourd'hui à 8 h 00 : \d+ % de risque d'un retard signalé/);
    assert.match(JSON.stringify(sent[0].attachments ?? []), /Arrêter cette alerte/);
  });
});
