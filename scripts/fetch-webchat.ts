// Fetches the pinned Web Chat bundle into .cache/webchat (see src/web/webchat-bundle.ts).
// `npm run webchat:fetch` fails loudly; `npm start` runs it with --optional, so an offline machine
// still starts (the form and the API work; /chat explains what is missing).
import { ensureWebChatBundle } from '../src/web/webchat-bundle';

const optional = process.argv.includes('--optional');
ensureWebChatBundle({ info: (m) => console.log(`webchat: ${m}`) })
  .then((file) => {
    if (!optional) console.log(`webchat: ok ${file}`);
  })
  .catch((err: unknown) => {
    console.error(`webchat: could not fetch the Web Chat bundle: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(optional ? 0 : 1);
  });
