import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const root = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

// The committed types must be what openapi-typescript makes of the committed contract: `npm run generate` fixes it.
test('src/generated/api.ts is up to date with docs/api/openapi.json', async () => {
  const contract = new URL('../../../../docs/api/openapi.json', import.meta.url);
  const expected = astToString(await openapiTS(contract));
  const committed = await readFile(root('src/generated/api.ts'), 'utf8');
  assert.ok(committed.endsWith(expected), 'src/generated/api.ts is stale: run `npm run generate` in clients/typescript.');
});
