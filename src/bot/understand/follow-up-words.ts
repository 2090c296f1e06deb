// The words that make a message change the trip talked about rather than name a new one, in each
// language: "the other way", "coming back at 6", "same again", "what about…", "next 511", "9 then?".
import type { Locale } from '../../chart/catalogue';

export interface FollowUpWords {
  /** "other way", "opposite direction". */
  otherWay: RegExp;
  /** "coming back at 6", "the return trip": the other direction, later the same day. */
  returnTrip: RegExp;
  /** "same again", "same trip". */
  sameAgain: RegExp;
  /** "what about", "instead", "an hour later", "the day after". */
  followUp: RegExp;
  /** Just before a route: "next 511", "the next King car": the next car, so now. */
  nextBefore: RegExp;
  /** A message that is just a clock time said of the trip: "9 then?", "and 7:30?". */
  bareClock: RegExp;
  /** "uptown" (north) and "downtown" (south), said of a north–south route. */
  uptown: RegExp;
  downtown: RegExp;
}

const EN: FollowUpWords = {
  otherWay: /(?<![\p{L}])(?:other way|other direction|opposite (?:way|direction)|reverse)(?![\p{L}])/u,
  returnTrip: /(?<![\p{L}])(?:(?:coming|going|heading|getting|riding|travel(?:l?ing)?|ride|go|come|head|get)\s+(?:back|home)|(?:the\s+)?(?:way|ride|trip|journey)\s+(?:back|home)|return(?:ing)?(?:\s+(?:trip|journey|ride|leg))?|back\s+(?:home|again|at|around|by|about|for|later)|(?:^|and|then|&)\s*back)(?![\p{L}])/u,
  sameAgain: /(?<![\p{L}])(?:same (?:again|trip|route|one|as (?:before|last time))|again|usual trip|my usual)(?![\p{L}])/u,
  followUp: /^(?:and|so|ok(?:ay)?|then|but|or|hmm+|also)(?![\p{L}])|(?<![\p{L}])(?:(?:what|how)\s+about|what\s+if|instead|make\s+(?:it|that)|change\s+(?:it|that)|actually|(?:i\s+)?meant|later|earlier|sooner|push|move|bring|day\s+after|day\s+before|next\s+day|following\s+day|previous\s+day|same)(?![\p{L}])/u,
  nextBefore: /(?<![\p{L}])(?:next|nxt)\s+(?:(?:east|west|north|south)(?:\s*bound)?\s+)?$/u,
  bareClock: /^(?:and|or|maybe|say|then)?\s*(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s*(?:am|pm|a\.m\.?|p\.m\.?)?\s*(?:then|instead|maybe|perhaps|please|ok|okay)?\s*[?!.]*$/u,
  uptown: /\buptown\b/,
  downtown: /\bdowntown\b/,
};

const FR: FollowUpWords = {
  otherWay: /(?<![\p{L}])(?:other way|other direction|opposite (?:way|direction)|autre (?:direction|sens)|sens (?:inverse|contraire|opposé)|direction (?:inverse|contraire|opposée)|dans l'autre sens|à l'inverse)(?![\p{L}])/u,
  returnTrip: /(?<![\p{L}'])(?:(?:le|au|pour le|et le)\s+retour|retour|(?:pour|en)\s+(?:revenir|rentrer)|(?:je\s+)?(?:reviens|rentre|reviendrai|rentrerai)|revenir|rentrer|en revenant|en rentrant|le trajet (?:de\s+)?retour)(?![\p{L}])/u,
  sameAgain: /(?<![\p{L}])(?:même trajet|même chose|même ligne|pareil|comme (?:avant|la dernière fois)|encore|mon trajet habituel|le trajet habituel)(?![\p{L}])/u,
  followUp: /^(?:et|alors|donc|ok|bon|mais|ou|hmm+|aussi|sinon)(?![\p{L}])|(?<![\p{L}])(?:et (?:si|pour|à)|plutôt|finalement|en fait|je voulais dire|change(?:z|r)?|mets|mettez|plus tard|plus tôt|repouss\p{L}*|décal\p{L}*|avanc\p{L}*|retard(?:e|ez|er)|le lendemain|la veille|le jour (?:suivant|d'après|d'avant|précédent)|même)(?![\p{L}])/u,
  nextBefore: /(?<![\p{L}])(?:(?:le\s+)?prochain|(?:la\s+)?prochaine)\s+(?:(?:tramway|tram)\s+)?$/u,
  bareClock: /^(?:et|ou|alors|disons|peut-être|à)?\s*(?:à\s+)?(?:[01]?\d|2[0-3])(?:\s*h\s*(?:[0-5]\d)?|[:.][0-5]\d)?\s*(?:alors|plutôt|peut-être|svp|ok)?\s*[?!.]*$/u,
  uptown: /(?<![\p{L}])(?:uptown|nord de la ville)(?![\p{L}])/u,
  downtown: /(?<![\p{L}])(?:downtown|centre-ville|centre ville)(?![\p{L}])/u,
};

export const FOLLOW_UP_WORDS: Record<Locale, FollowUpWords> = { en: EN, fr: FR };
