import { monthOf, weekdayOf } from '../pipeline/calendar';
import { OUT_OF_SPAN, type SlotTable } from '../pipeline/slots';

/**
 * Slots merged into cells of identical features: (route-direction, hour, weekday, month).
 * Every model input and both baselines are functions of these four, so a cell holds everything
 * training and evaluation need, and training touches ~70k rows instead of millions of slots.
 */
export const HOURS = 24;
export const cellCount = (nRd: number): number => nRd * HOURS * 7 * 12;

export function cellIndex(rd: number, hour: number, weekday: number, month: number): number {
  return ((rd * HOURS + hour) * 7 + weekday) * 12 + (month - 1);
}

export function cellParts(cell: number): { rd: number; hour: number; weekday: number; month: number } {
  const month = (cell % 12) + 1;
  let rest = Math.floor(cell / 12);
  const weekday = rest % 7;
  rest = Math.floor(rest / 7);
  return { rd: Math.floor(rest / HOURS), hour: rest % HOURS, weekday, month };
}

export interface CellTotals {
  /** Sum of slot weights (or plain slot counts when unweighted). */
  weight: Float64Array;
  /** Sum of weights of positive slots. */
  positive: Float64Array;
}

export interface CellOptions {
  /** Inclusive day-number range (days since 1970-01-01) of slots to take. */
  fromDay: number;
  toDay: number;
  /** Recency half-life in days, counted back from toDay; omit for plain counts. */
  halfLifeDays?: number;
}

/** Sums the slots of a day range into cells, optionally weighting recent days more. */
export function aggregateCells(slots: SlotTable, options: CellOptions): CellTotals {
  const nRd = slots.routeDirections.length;
  const weight = new Float64Array(cellCount(nRd));
  const positive = new Float64Array(cellCount(nRd));
  const from = Math.max(options.fromDay, slots.firstDay);
  const to = Math.min(options.toDay, slots.firstDay + slots.days - 1);
  for (let day = from; day <= to; day++) {
    const w = options.halfLifeDays ? Math.pow(0.5, (options.toDay - day) / options.halfLifeDays) : 1;
    const weekday = weekdayOf(day);
    const month = monthOf(day);
    const d = day - slots.firstDay;
    for (let rd = 0; rd < nRd; rd++) {
      const base = (rd * slots.days + d) * HOURS;
      for (let hour = 0; hour < HOURS; hour++) {
        const label = slots.labels[base + hour];
        if (label === OUT_OF_SPAN) continue;
        const c = cellIndex(rd, hour, weekday, month);
        weight[c] += w;
        if (label === 1) positive[c] += w;
      }
    }
  }
  return { weight, positive };
}

/** Day numbers of 1 January / 31 December of a year. */
export function yearStart(year: number): number {
  return Math.floor(Date.UTC(year, 0, 1) / 86_400_000);
}
export function yearEnd(year: number): number {
  return Math.floor(Date.UTC(year, 11, 31) / 86_400_000);
}
