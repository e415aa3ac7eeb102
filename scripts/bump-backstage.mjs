// Sets every @backstage/* range in the workspace to ^<latest on the registry>, because
// `backstage-cli versions:bump` needs a host this machine cannot reach. Mixed Backstage
// versions crash at start, so the whole workspace moves together.
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const registry = execSync('npm config get registry').toString().trim().replace(/\/$/, '');
const manifests = ['package.json'];
for (const dir of ['packages', 'plugins']) {
  for (const name of readdirSync(dir)) {
    if (existsSync(`${dir}/${name}/package.json`)) manifests.push(`${dir}/${name}/package.json`);
  }
}
const latest = new Map();
async function latestOf(name) {
  if (!latest.has(name)) {
    const res = await fetch(`${registry}/${name.replace('/', '%2F')}/latest`);
    if (!res.ok) throw new Error(`${name}: HTTP ${res.status}`);
    latest.set(name, (await res.json()).version);
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
console.log(`bumped ${latest.size} @backstage packages in ${manifests.length} manifests`);
