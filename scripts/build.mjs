// npm run build: the server as plain JavaScript in dist/, so a production start (`npm start`, the
// Dockerfile, App Service) runs `node dist/index.js` instead of transpiling TypeScript at every
// start. dist/ mirrors src/ (dist/config.js sits where src/config.ts does, one folder below the
// project), so everything found relative to __dirname — the project root, the settings, the
// model, the static files — resolves the same from src/ (tsx, the tests) and from dist/.
//
// 1. removes the previous build (dist/teams, the Teams package, is left alone);
// 2. tsc -p tsconfig.build.json (type-checks src/ and emits it, with the JSON it imports:
//    src/pipeline/route-table.json);
// 3. copies what the runtime reads from disk and tsc does not emit: src/web/static/*.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const keep = new Set(['teams']);

if (existsSync(dist)) {
  for (const name of readdirSync(dist)) if (!keep.has(name)) rmSync(join(dist, name), { recursive: true, force: true });
}

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

const assets = [['src/web/static', 'dist/web/static']];
for (const [from, to] of assets) {
  mkdirSync(join(root, to), { recursive: true });
  for (const name of readdirSync(join(root, from))) copyFileSync(join(root, from, name), join(root, to, name));
}
if (!existsSync(join(dist, 'index.js')) || !existsSync(join(dist, 'pipeline/route-table.json'))) {
  console.error('build: dist/index.js or dist/pipeline/route-table.json is missing');
  process.exit(1);
}
console.log('build: dist/ ready (node dist/index.js)');
