// `npm run teams:package`: writes dist/teams/streetcar-delay-bot-teams.zip, the app package to
// upload to Teams, for the bot registration in MicrosoftAppId (see scripts/teams-manifest.ts).
// Exit 2: MicrosoftAppId (or PUBLIC_URL) is missing or malformed; exit 1: the package is not valid.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { PROJECT_ROOT } from '../src/config';
import { TeamsPackageInputError, writeTeamsPackage } from './teams-manifest';

// The same .env as `npm start` reads; variables already in the environment win.
const envFile = resolve(PROJECT_ROOT, '.env');
if (existsSync(envFile)) process.loadEnvFile(envFile);

writeTeamsPackage({ appId: process.env.MicrosoftAppId, publicUrl: process.env.PUBLIC_URL || undefined })
  .then(({ file, manifest, entries }) => {
    console.log(`teams: wrote ${relative(process.cwd(), file) || file} (${entries.join(', ')})`);
    console.log(`teams: app id and bot id ${manifest.id}; validDomains ${JSON.stringify(manifest.validDomains ?? [])}`);
    const developer = JSON.stringify(manifest.developer ?? {});
    // Fine for uploading to your own tenant; a store or org-wide listing wants real pages.
    if (developer.includes('example.com')) console.log('teams: note: the developer URLs in appPackage/manifest.json still point at example.com');
  })
  .catch((err: unknown) => {
    console.error(`teams: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(err instanceof TeamsPackageInputError ? 2 : 1);
  });
