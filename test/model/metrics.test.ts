import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestF1Threshold, computeMetrics, reliabilityTable, type ScoredGroup } from '../../src/model/metrics';

/** Slot-by-slot reference implementations, to check the grouped ones against. */
function expand(groups: ScoredGroup[]): { p: number; y: number }[] {
  return groups.flatMap((g) => [...Array(g.pos).fill({ p: g.p, y: 1 }), ...Array(g.neg).fill({ p: g.p, y: 0 })]);
}

function bruteAuc(slots: { p: number; y: number }[]): number {
  const pos = slots.filter((s) => s.y === 1);
  const neg = slots.filter((s) => s.y === 0);
  let wins = 0;
  for (const a of pos) for (const b of neg) wins += a.p > b.p ? 1 : a.p === b.p ? 0.5 : 0;
  return wins / (pos.length * neg.length);
}

function seeded(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

test('grouped ROC AUC, Brier and log loss equal the slot-by-slot definitions, ties included', () => {
  const rnd = seeded(7);
  const groups: ScoredGroup[] = Array.from({ length: 40 }, () => ({
    p: Math.round(rnd() * 9) / 10 + 0.05, // many ties on purpose, never 0 or 1
    pos: Math.floor(rnd() * 4),
    neg: Math.floor(rnd() * 6),
  }));
  const slots = expand(groups);
  const m = computeMetrics(groups);
  assert.ok(Math.abs(m.rocAuc - bruteAuc(slots)) < 1e-12);
  const brier = slots.reduce((s, x) => s + (x.p - x.y) ** 2, 0) / slots.length;
  assert.ok(Math.abs(m.brier - brier) < 1e-12);
  const ll = -slots.reduce((s, x) => s + (x.y ? Math.log(x.p) : Math.log(1 - x.p)), 0) / slots.length;
  assert.ok(Math.abs(m.logLoss - ll) < 1e-12);
});

test('a perfect ranking has AUC and average precision 1; a reversed one AUC 0', () => {
  const perfect = computeMetrics([{ p: 0.9, pos: 3, neg: 0 }, { p: 0.1, pos: 0, neg: 5 }]);
  assert.equal(perfect.rocAuc, 1);
  assert.equal(perfect.averagePrecision, 1);
  assert.equal(computeMetrics([{ p: 0.1, pos: 3, neg: 0 }, { p: 0.9, pos: 0, neg: 5 }]).rocAuc, 0);
});

test('reliability deciles hold every slot and the threshold separates the classes', () => {
  const groups = Array.from({ length: 100 }, (_, i) => ({ p: (i + 0.5) / 100, pos: i >= 80 ? 1 : 0, neg: i >= 80 ? 0 : 1 }));
  const table = reliabilityTable(groups);
  assert.equal(table.length, 10);
  assert.equal(table.reduce((s, b) => s + b.slots, 0), 100);
  assert.equal(table[9].observedRate, 1);
  assert.equal(table[0].observedRate, 0);
  const best = bestF1Threshold(groups);
  assert.equal(best.f1, 1);
  assert.equal(best.threshold, 0.805);
});
