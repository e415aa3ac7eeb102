import { NotFoundError } from '@backstage/errors';
import {
  joinStorePath,
  Placement,
  WorkPlacement,
} from '@kratix-backstage/plugin-kratix-common';
import { parseAllDocuments } from 'yaml';
import type { WorkloadDocument } from './KubernetesKratixPlatform';

/** Which Destinations' documents to read. @public */
export interface PlacedDocumentsQuery {
  /** Destination (or legacy Cluster) names. */
  destinations: string[];
}

/**
 * One YAML document Kratix placed on a Destination, parsed, with where it is. A file of
 * several documents gives one per document; an empty document gives none.
 * @public
 */
export interface PlacedDocument {
  destination: string;
  /**
   * The state-store path of the file holding it, as Kratix writes it
   * (`<store>/<destination>/dependencies/<promise>/<pipeline>/<id5>/<file>` or
   * `…/resources/<namespace>/<promise>/<request>/<pipeline>/<id5>/<file>`; the one file of an
   * aggregatedYAML Destination; the flat file of a `none` one).
   */
  path: string;
  /** Its position among the file's documents, from 0. */
  index: number;
  /**
   * What Kratix placed it for (a Promise's or a request's pipeline output); absent where one
   * file holds several placements' documents (an aggregatedYAML file read from the store).
   */
  placement?: Placement;
  /** The document as data; absent when it is not valid YAML. */
  object?: unknown;
  /** Why it could not be parsed. */
  error?: string;
}

/** The documents of one file's text, each parsed on its own (one broken leaves the rest). */
export function parsePlacedFile(
  text: string,
  file: Pick<PlacedDocument, 'destination' | 'path' | 'placement'>,
): PlacedDocument[] {
  return [...parseAllDocuments(text)].flatMap(
    (doc, index): PlacedDocument[] => {
      const at = { ...file, index };
      if (doc.errors.length > 0)
        return [{ ...at, error: doc.errors[0].message }];
      try {
        const object = doc.toJS({ maxAliasCount: 100 });
        return object === null || object === undefined
          ? []
          : [{ ...at, object }];
      } catch (error) {
        return [{ ...at, error: String(error) }];
      }
    },
  );
}

/**
 * gitops mode: the documents of the state-store files of the Destinations' placements, read
 * where the platform reads them (its repository, or a store of their own). A file gone since
 * the placements were read is left out.
 */
export async function readPlacedStoreDocuments(
  platform: {
    listPlacements(): Promise<Placement[]>;
    readStoreFile(
      path: string,
      placement?: Placement,
    ): Promise<string | undefined>;
  },
  query: PlacedDocumentsQuery,
): Promise<PlacedDocument[]> {
  const wanted = new Set(query.destinations);
  const byFile = new Map<string, Placement[]>();
  for (const placement of await platform.listPlacements()) {
    if (!wanted.has(placement.destination)) continue;
    for (const file of placement.files)
      byFile.set(file, [...(byFile.get(file) ?? []), placement]);
  }
  const documents: PlacedDocument[] = [];
  for (const path of [...byFile.keys()].sort()) {
    const owners = byFile.get(path)!;
    const text = await platform.readStoreFile(path, owners[0]);
    if (text === undefined) continue;
    documents.push(
      ...parsePlacedFile(text, {
        destination: owners[0].destination,
        path,
        placement: owners.length === 1 ? owners[0] : undefined,
      }),
    );
  }
  return documents;
}

/** What a cluster platform gives this reader. */
export interface WorkPlacementReader {
  listPlacements(): Promise<Placement[]>;
  listWorkPlacements(): Promise<WorkPlacement[]>;
  readWorkloads(
    kind: 'WorkPlacement',
    namespace: string,
    name: string,
  ): Promise<WorkloadDocument[]>;
}

/**
 * kubernetes and hybrid modes: the documents each WorkPlacement scheduled to the
 * Destinations carries. The watch cache keeps only file paths, so the documents are fetched
 * from the API server, and kept until the WorkPlacement changes (its generation, which
 * Kubernetes bumps on every spec change, or the commit Kratix last wrote it in), so a sweep
 * of unchanged WorkPlacements makes no call.
 */
export class WorkPlacementDocuments {
  private readonly fetched = new Map<
    string,
    { version: string; documents: WorkloadDocument[] }
  >();

  constructor(private readonly platform: WorkPlacementReader) {}

  async read(query: PlacedDocumentsQuery): Promise<PlacedDocument[]> {
    const wanted = new Set(query.destinations);
    const key = (namespace: string, name: string) => `${namespace}/${name}`;
    const versions = new Map(
      (await this.platform.listWorkPlacements()).map(wp => [
        key(wp.metadata.namespace ?? '', wp.metadata.name),
        `${wp.metadata.generation ?? ''}/${wp.status?.versionID ?? ''}`,
      ]),
    );
    const placements = (await this.platform.listPlacements())
      .filter(p => wanted.has(p.destination) && p.workPlacement?.namespace)
      .sort((a, b) => a.location.localeCompare(b.location));
    const read = new Map<string, WorkloadDocument[]>();
    // A few at a time: the first read after a start fetches every one.
    for (let i = 0; i < placements.length; i += 8) {
      await Promise.all(
        placements.slice(i, i + 8).map(async placement => {
          const { namespace, name } = placement.workPlacement!;
          const id = key(namespace!, name);
          const version = versions.get(id) ?? '';
          const known = this.fetched.get(id);
          if (known && known.version === version) {
            read.set(id, known.documents);
            return;
          }
          try {
            const documents = await this.platform.readWorkloads(
              'WorkPlacement',
              namespace!,
              name,
            );
            this.fetched.set(id, { version, documents });
            read.set(id, documents);
          } catch (error) {
            // Deleted since it was listed: its documents are gone with it.
            if (!(error instanceof NotFoundError)) throw error;
          }
        }),
      );
    }
    // Only what the Destinations still hold is remembered.
    for (const id of this.fetched.keys())
      if (!read.has(id)) this.fetched.delete(id);
    return placements.flatMap(placement => {
      const { namespace, name } = placement.workPlacement!;
      const documents = read.get(key(namespace!, name)) ?? [];
      // aggregatedYAML: every document of the WorkPlacement is in the Destination's one file.
      const aggregated =
        placement.files.length === 1 &&
        placement.files[0] === placement.location;
      return documents.flatMap(d =>
        parsePlacedFile(d.content, {
          destination: placement.destination,
          path: aggregated
            ? placement.location
            : joinStorePath(placement.location, d.filepath),
          placement,
        }),
      );
    });
  }
}
