// English words within the typo budget of a vocabulary word (spelling.ts): never corrected.
// Made by running correctionOf over Debian's wamerican word list (lower-case words, and the
// proper nouns that are not misspelt Toronto names: "kong", "eastwood", "upton"), then read by
// hand: "weest" (Scots) was left out so that it still means west. Regenerate when the vocabulary
// or the budget changes, and add any word a rider uses that gets bent.
export const NOT_TYPOS: ReadonlySet<string> = new Set<string>([
  'afternoons', 'bathers', 'beached', 'beeches', 'belches', 'benches', 'bleaches', 'breaches',
  'carton', 'chair', 'christa', 'christens', 'christian', 'christians', 'christs', 'claim',
  'collage', 'colleges', 'deceiver', 'differing', 'distilled', 'distiller', 'distillers',
  'downturn', 'duffer', 'duffers', 'dunno', 'earthward', 'eastwards', 'eastwood', 'easy', 'eats',
  'evenings', 'exhibiting', 'exhibitions', 'exhibitor', 'gonna', 'gotta', 'gunny', 'guns', 'horus',
  'huber', 'humbler', 'hummer', 'keel', 'keeled', 'keels', 'kinda', 'kong', 'lager', 'lamer',
  'laser', 'late', 'latex', 'lather', 'latter', 'laxer', 'layer', 'lemme', 'liter', 'minuet',
  'minuets', 'minuses', 'minutest', 'moaning', 'mooning', 'mornings', 'mourning', 'nite',
  'nonmember', 'northwards', 'quarters', 'quartet', 'queens', 'queer', 'sooth', 'sough',
  'southwards', 'spading', 'sturdy', 'sundae', 'sundas', 'sundry', 'tmrw', 'toady', 'toddy',
  'tokay', 'tomorrows', 'upton', 'victorian', 'victorians', 'victrola', 'wanna', 'weekends',
  'westwards', 'wets', 'wetware', 'wrest', 'yesterdays',
]);
