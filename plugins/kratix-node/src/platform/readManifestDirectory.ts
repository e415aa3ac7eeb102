import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { KubernetesObject } from '@kratix-backstage/plugin-kratix-common';

/** A Kubernetes document read from a file, with where it came from. @public */
export interface ManifestDocument {
  object: KubernetesObject;
  /** Path relative to the directory that was read, with forward slashes. */
  file: string;
}

/** A file that could not be parsed; reported, never fatal, so one bad file hides nothing else. @public */
export interface ManifestProblem {
  file: string;
  message: string;
}

function isKubernetesObject(value: unknown): value is KubernetesObject {
  const v = value as KubernetesObject | null;
  return (
    !!v &&
    typeof v === 'object' &&
    typeof v.apiVersion === 'string' &&
    typeof v.kind === 'string' &&
    typeof v.metadata?.name === 'string'
  );
}

/**
 * Reads every Kubernetes document in the YAML files below a directory (multi-document
 * files included), skipping the listed sub-directories (relative paths).
 * @public
 */
export async function readManifestDirectory(
  root: string,
  options: { skip?: string[] } = {},
): Promise<{ documents: ManifestDocument[]; problems: ManifestProblem[] }> {
  const skip = new Set(
    (options.skip ?? []).map(s => s.replace(/^\.?\/+|\/+$/g, '')),
  );
  const documents: ManifestDocument[] = [];
  const problems: ManifestProblem[] = [];
  const files = (await listFiles(root, { skip })).filter(f =>
    /\.ya?ml$/i.test(f),
  );
  for (const file of files) {
    const text = await readFile(join(root, file), 'utf8');
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) {
        problems.push({ file, message: doc.errors[0].message });
        continue;
      }
      const value = doc.toJS();
      if (isKubernetesObject(value)) documents.push({ object: value, file });
    }
  }
  return { documents, problems };
}

/**
 * Every file below a directory (dot-folders such as .git skipped, but those named in
 * `dotFolders`, and the listed sub-directories not entered), as paths relative to it with
 * forward slashes, sorted.
 * @public
 */
export async function listFiles(
  root: string,
  options: { skip?: Set<string>; dotFolders?: ReadonlySet<string> } = {},
  dir: string = root,
): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') && !options.dotFolders?.has(entry.name))
      continue;
    const full = join(dir, entry.name);
    const rel = relative(root, full).split('\\').join('/');
    if (options.skip?.has(rel)) continue;
    if (entry.isDirectory())
      files.push(...(await listFiles(root, options, full)));
    else files.push(rel);
  }
  return files.sort();
}
