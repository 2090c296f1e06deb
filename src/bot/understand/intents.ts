// Whole messages that are a command or a reply word ("help", "no thanks", "aide", "non merci"),
// in each language the bot reads. French messages are read with the French words first, then the
// English ones (riders mix: "ok", "stop").
import type { Locale } from '../../chart/catalogue';

export type Intent = 'trip' | 'help' | 'cancel' | 'restart' | 'yes' | 'no' | 'thanks' | 'greeting' | 'empty' | 'unreadable';

type Command = Exclude<Intent, 'trip' | 'empty' | 'unreadable'>;

const EN: [Command, RegExp][] = [
  ['help', /^(?:help|\?+|what can you do\??|how does this work\??|what do i (?:say|type)\??|commands|menu|info|about)[.!]*$/],
  ['cancel', /^(?:cancel|stop|quit|exit|never ?mind|forget it|nothing|abort)[.!]*$/],
  ['restart', /^(?:start over|restart|reset|start again|new trip|begin again|clear)[.!]*$/],
  ['yes', /^(?:y|yes|yeah|yep|yup|sure|ok|okay|please|yes please|another|another one|another trip|one more)[.!]*$/],
  ['no', /^(?:no|nope|nah|no thanks|no thank you|i'?m good|that'?s all|done|bye|goodbye)[.!]*$/],
  ['thanks', /^(?:thanks?|thank you|thx|ty|cheers|great|cool|awesome)(?: (?:a lot|so much|very much))?[.!]*$/],
  ['greeting', /^(?:hi|hello|hey|yo|good (?:morning|afternoon|evening)|howdy|hiya)[.!]*$/],
];

const FR: [Command, RegExp][] = [
  ['help', /^(?:aide|à l'aide|au secours|de l'aide|aidez-moi|aide-moi|menu|infos?|commandes|qu'est-ce que (?:tu peux|vous pouvez) faire \??|que (?:peux-tu|pouvez-vous|sais-tu) faire \??|comment (?:ça|cela) (?:marche|fonctionne) \??|qu'est-ce que je (?:dis|dois dire|écris) \??)[.!]*$/],
  ['cancel', /^(?:annuler|annule|annulez|arrête|arrêter|arrêtez|laisse tomber|laissez tomber|oublie ça|oubliez ça|rien|abandonner|quitter|stop)[.!]*$/],
  ['restart', /^(?:recommencer|recommence|recommencez|on recommence|recommencer à zéro|reprendre à zéro|repartir à zéro|réinitialiser|nouveau trajet|un nouveau trajet|effacer|reprendre)[.!]*$/],
  ['yes', /^(?:oui|ouais|ouaip|oui merci|oui svp|oui s'il (?:te|vous) pla[iî]t|bien sûr|d'accord|volontiers|avec plaisir|svp|s'il (?:te|vous) pla[iî]t|un autre|un autre trajet|encore un|encore un trajet)[.!]*$/],
  ['no', /^(?:non|nan|non merci|pas besoin|c'est tout|ça ira|ça va aller|c'est bon|fini|terminé|au revoir|bonne journée|bonne soirée|à plus|ciao)[.!]*$/],
  ['thanks', /^(?:merci|merci bien|merci beaucoup|mille mercis|super|génial|parfait|excellent|top)(?: (?:à vous|à toi|encore))?[.!]*$/],
  ['greeting', /^(?:bonjour|bonsoir|salut|allo|allô|coucou|bon matin|hé|hey)[.!]*$/],
];

const BY_LOCALE: Record<Locale, [Command, RegExp][]> = { en: EN, fr: [...FR, ...EN] };

/** A whole message that is a command or a reply word, else undefined. */
export function readIntent(normalized: string, locale: Locale = 'en'): Intent | undefined {
  const bare = normalized
    .replace(/[!.?,\s]+$/, '')
    .replace(/^(?:ok|okay|um+|uh+|euh+|bon|ben|alors),?\s+/, '');
  for (const [intent, re] of BY_LOCALE[locale]) if (re.test(bare) || re.test(normalized)) return intent;
  return undefined;
}
