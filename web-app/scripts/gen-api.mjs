#!/usr/bin/env node
// Generates src/api/schema.d.ts from the backend's OpenAPI schema.
//
//   npm run gen:api      regenerate the committed file
//   npm run check:api    regenerate into a temp file; exit 1 if the committed file is stale
//
// The schema comes from `python -m backend.openapi_dump` (prints the OpenAPI JSON, starts no server), run from the
// repository root with the repo's virtualenv. MILIMO_PYTHON overrides the interpreter; OPENAPI_JSON=<file> skips
// Python and reads a saved schema instead.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const webApp = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(webApp, '..');
const target = join(webApp, 'src', 'api', 'schema.d.ts');
const check = process.argv.includes('--check');

function readSchema() {
  if (process.env.OPENAPI_JSON) return readFileSync(resolve(process.env.OPENAPI_JSON), 'utf8');
  const python = process.env.MILIMO_PYTHON ?? join(repoRoot, '.venv', 'bin', 'python');
  if (!existsSync(python)) {
    console.error(`gen-api: no Python interpreter at ${python} (create the repo's .venv or set MILIMO_PYTHON)`);
    process.exit(2);
  }
  return execFileSync(python, ['-m', 'backend.openapi_dump'], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

const HEADER =
  '/**\n * Generated from the backend OpenAPI schema by `npm run gen:api`. Do not edit by hand:\n' +
  ' * change the backend, then regenerate. CI runs `npm run check:api` and fails when this file is stale.\n */\n\n';

const schema = JSON.parse(readSchema());
// defaultNonNullable: false keeps request fields that have a server default optional (they are, for the server).
const ast = await openapiTS(schema, { alphabetize: true, defaultNonNullable: false });
const output = HEADER + astToString(ast);

if (check) {
  const dir = mkdtempSync(join(tmpdir(), 'milimo-api-'));
  try {
    const fresh = join(dir, 'schema.d.ts');
    writeFileSync(fresh, output);
    const committed = existsSync(target) ? readFileSync(target, 'utf8') : '';
    if (committed !== readFileSync(fresh, 'utf8')) {
      console.error('check:api: web-app/src/api/schema.d.ts is stale; run `npm run gen:api` in web-app/ and commit it.');
      process.exit(1);
    }
    console.log('check:api: web-app/src/api/schema.d.ts matches the backend schema.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else {
  writeFileSync(target, output);
  console.log(`gen:api: wrote ${target}`);
}
