/**
 * The chart's words and the chance words in Canadian French: "14 %", "environ 1 sur 7",
 * "1,4 × l'habituel (10 %)", "probablement à l'heure". The same rules as in English decide which
 * phrase fits which number (./risk-words.ts); only the words are here.
 */
import type { ChartWords, RiskWords } from './catalogue';

/** A decimal comma: 1.4 → "1,4". */
function decimal(n: number, digits: number): string {
  return n.toFixed(digits).replace('.', ',');
}

export const FR_RISK: RiskWords = {
  percent(c) {
    if (c.kind === 'under') return 'moins de 1 %';
    if (c.kind === 'over') return 'plus de 99 %';
    return `${c.percent} %`;
  },
  odds(o) {
    switch (o.kind) {
      case 'fewerThanOneIn':
        return `moins de 1 sur ${o.n}`;
      case 'oneIn':
        return `environ 1 sur ${o.n}`;
      case 'half':
        return 'environ 1 sur 2';
      case 'inTen':
        return `environ ${o.k} sur 10`;
      case 'moreThanInTen':
        return `plus de ${o.k} sur 10`;
    }
  },
  compared(c, usual) {
    const shown = `(${FR_RISK.percent(usual)})`;
    switch (c.kind) {
      case 'none':
        return 'aucun taux habituel auquel comparer';
      case 'about':
        return `à peu près l'habituel ${shown}`;
      case 'ratio':
        return `${decimal(c.ratio, 1)} × l'habituel ${shown}`;
      case 'higher':
        return `${c.slightly ? 'un peu plus élevé' : 'plus élevé'} que l'habituel ${shown}`;
      case 'lower':
        return c.slightly ? `un peu plus bas que l'habituel ${shown}` : `bien en dessous de l'habituel ${shown}`;
    }
  },
  outlook(o) {
    switch (o) {
      case 'delay-very-likely':
        return 'un retard est très probable';
      case 'delay-likely':
        return 'un retard est probable';
      case 'delay-possible':
        return 'un retard est bien possible';
      case 'on-time':
        return "probablement à l'heure";
    }
  },
};

const KIND: Record<'day' | 'night', string> = { day: 'de jour', night: 'de nuit' };

export const FR_CHART: ChartWords = {
  defaultTitle: 'Risque de retard par heure',
  hour: (hour) => `${hour} h`,
  axisPercent: (percent) => `${String(Number(percent.toFixed(1))).replace('.', ',')} %`,
  barTitle: (hour, chance, isTrip) => `${hour} : ${chance}${isTrip ? ' (votre trajet)' : ''}`,
  usualLine: (chance) => `habituel ${chance}`,
  legendTrip: 'heure de votre trajet',
  axisTitle: { wide: 'heure de la journée (heure de Toronto)', narrow: 'heure (heure de Toronto)' },
  networkNote: (kind) => `Tout le réseau : la même forme sur chaque ligne ${KIND[kind]}`,
  describe: {
    empty: "Aucun risque horaire n'est disponible.",
    range: (lowHour, low, highHour, high) => `au plus bas à ${lowHour} (${low}), au plus haut à ${highHour} (${high})`,
    flat: (chance, shown) => (chance.kind === 'percent' ? `environ ${shown} toute la journée` : `${shown} toute la journée`),
    sentence: (range, usual) => `Risque de retard par heure : ${range} ; d'habitude ${usual}.`,
    trip: (hour, chance) => `L'heure de votre trajet, ${hour} : ${chance}.`,
    network: (kind) =>
      `La hausse et la baisse au fil de la journée valent pour tout le réseau : le modèle donne la même forme à chaque ligne ${KIND[kind]}, et la ligne n'en fixe que le niveau.`,
  },
};
