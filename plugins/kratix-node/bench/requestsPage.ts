import { RequestListItem } from '@kratix-backstage/plugin-kratix-common';

/** The page the requests table of a Promise shows: Ready ones, sorted by name, first 100. */
export function requestsPage(rows: RequestListItem[]): RequestListItem[] {
  return rows
    .filter(r => r.phase === 'Ready')
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, 100);
}
