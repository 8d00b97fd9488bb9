// Reads docker-compose.yml as Compose does (YAML anchors and `<<` merges resolved) and prints it as JSON, for the
// structural checks of tests/Deploy.Tests (no Docker engine is needed or used).
import fs from 'node:fs';
import yaml from 'js-yaml';

const file = process.argv[2];
if (!file) {
  console.error('usage: node compose.mjs docker-compose.yml');
  process.exit(2);
}
process.stdout.write(JSON.stringify(yaml.load(fs.readFileSync(file, 'utf8'))));
