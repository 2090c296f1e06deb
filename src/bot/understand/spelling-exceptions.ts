// English words within the typo budget of a vocabulary word (spelling.ts): never corrected.
// Made by running correctionOf over Debian's wamerican word list (lower-case words, and the
// proper nouns that are not misspelt Toronto names: "kong", "eastwood", "upton"), then read by
// hand: "weest" (Scots) was left out so that it still means west. The larger wamerican-huge list
// added the real words among its hits ("alter", "earthbound", "softbound"); its misspellings
// ("soth", "weet", "laer") are left to be corrected. Regenerate when the vocabulary or the budget
// changes, and add any word a rider uses that gets bent.
export const NOT_TYPOS: ReadonlySet<string> = new Set<string>([
  'afternoons', 'alter', 'bathers', 'bathorse', 'beached', 'beeches', 'belches', 'benches',
  'bleaches', 'bratwurst', 'breaches', 'carton', 'chair', 'christa', 'christens', 'christian',
  'christians', 'christies', 'christs', 'claim', 'collage', 'colleger', 'colleges', 'deceiver',
  'decemvir', 'decenter', 'differing', 'distilled', 'distiller', 'distillers', 'dogtown',
  'downbow', 'downbows', 'downturn', 'duffer', 'duffers', 'dunno', 'earthbound', 'earthward',
  'eastland', 'eastwardly', 'eastwards', 'eastwood', 'easy', 'eats', 'evenings', 'eventing',
  'exhibiting', 'exhibitioner', 'exhibitions', 'exhibitive', 'exhibitor', 'gonna', 'gotta',
  'guans', 'gunks', 'gunny', 'guns', 'gurns', 'horus', 'houri', 'houris', 'huber', 'humbler',
  'hummer', 'humper', 'keel', 'keeled', 'keeler', 'keelie', 'keels', 'kinda', 'kingsman', 'kong',
  'lacer', 'lager', 'laker', 'lamer', 'laser', 'laster', 'late', 'latex', 'lather', 'latter',
  'laver', 'laxer', 'layer', 'lemme', 'liter', 'luter', 'minuet', 'minuets', 'minuses', 'minutest',
  'moaning', 'mooning', 'mornings', 'mourning', 'nite', 'nonmember', 'northland', 'northwardly',
  'northwards', 'quartern', 'quarters', 'quartet', 'quartier', 'quean', 'queens', 'queer', 'quern',
  'rushy', 'septemvir', 'softbound', 'sooth', 'sough', 'southland', 'southwardly', 'southwards',
  'spading', 'sturdy', 'sundae', 'sundas', 'sundry', 'sunray', 'tmrw', 'toady', 'toddy', 'tokay',
  'tomorrows', 'upton', 'uptorn', 'victorian', 'victorians', 'victrola', 'wanna', 'weekends',
  'westwardly', 'westwards', 'wets', 'wetware', 'wrest', 'yesterdays',
]);
