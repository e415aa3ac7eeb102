import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const fixturesDir = join(__dirname, '..', '..', 'fixtures');

/** Reads every YAML document of a fixture file (tests only). */
export function loadFixtures<T = any>(file: string): T[] {
  const text = readFileSync(join(fixturesDir, file), 'utf8');
  return parseAllDocuments(text).map(doc => doc.toJS() as T);
}

/** Reads the single (or first) YAML document of a fixture file (tests only). */
export function loadFixture<T = any>(file: string): T {
  return loadFixtures<T>(file)[0];
}
