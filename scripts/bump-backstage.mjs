// Sets every @backstage/* range in the workspace to ^<latest on the registry>, because
// `backstage-cli versions:bump` needs a host this machine cannot reach. Mixed Backstage
// versions crash at start, so the whole workspace moves together.
//
//   node scripts/bump-backstage.mjs                      this workspace, registry latest
//   node scripts/bump-backstage.mjs <dir>                another workspace (e.g. a stock app)
//   node scripts/bump-backstage.mjs <dir> --prefer-lock <yarn.lock>
//       use the highest version that yarn.lock resolves for each @backstage package (so the
//       other workspace lines up with this one and reuses its yarn cache); the registry's
//       latest only for packages that lockfile does not hold.
// With --json, prints the resulting {name: version} map as one JSON line last.
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
let lockFile;
let printJson = false;
const positional = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--prefer-lock') lockFile = resolve(args[++i]);
  else if (args[i] === '--json') printJson = true;
  else positional.push(args[i]);
}
if (positional[0]) process.chdir(positional[0]);

// Highest locked version of each @backstage package in a yarn (berry or classic) lockfile.
function lockedVersions(file) {
  const found = new Map();
  let names = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (/^\S.*:$/.test(line)) {
      names = line
        .slice(0, -1)
        .split(', ')
        .map(key => key.replace(/^"|"$/g, ''))
        .map(key => key.match(/^(@backstage\/[^@]+)@/)?.[1])
        .filter(Boolean);
      continue;
    }
    const version = line.match(/^ {2}version:? "?([^"\s]+)"?$/)?.[1];
    if (!version || names.length === 0) continue;
    for (const name of names) {
      if (!found.has(name) || compareVersions(version, found.get(name)) > 0)
        found.set(name, version);
    }
    names = [];
  }
  return found;
}

function compareVersions(a, b) {
  const parse = v => v.split(/[.+-]/).slice(0, 3).map(Number);
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

const locked = lockFile ? lockedVersions(lockFile) : new Map();
const registry = execSync('npm config get registry')
  .toString()
  .trim()
  .replace(/\/$/, '');
const manifests = ['package.json'];
for (const dir of ['packages', 'plugins']) {
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    if (existsSync(`${dir}/${name}/package.json`))
      manifests.push(`${dir}/${name}/package.json`);
  }
}
const latest = new Map();
let fromLock = 0;
async function latestOf(name) {
  if (!latest.has(name)) {
    if (locked.has(name)) {
      latest.set(name, locked.get(name));
      fromLock++;
    } else {
      const res = await fetch(`${registry}/${name.replace('/', '%2F')}/latest`);
      if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
      latest.set(name, (await res.json()).version);
    }
  }
  return latest.get(name);
}
for (const file of manifests) {
  const pkg = JSON.parse(readFileSync(file, 'utf8'));
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
    for (const name of Object.keys(pkg[field] ?? {})) {
      if (!name.startsWith('@backstage/')) continue;
      pkg[field][name] = `^${await latestOf(name)}`;
    }
  }
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
}
console.log(
  `bumped ${latest.size} @backstage packages in ${manifests.length} manifests` +
    (lockFile
      ? ` (${fromLock} from ${lockFile}, ${
          latest.size - fromLock
        } from the registry)`
      : ''),
);
if (printJson)
  console.log(JSON.stringify(Object.fromEntries([...latest].sort())));
