// The team's document names, shared by the extension, the server's tools and the benchmarks. Kept apart from
// lib/team/config.ts, whose storage items need a browser, so that Node scripts can import them.

/** How many documents the contacts are spread over (by a hash of the contact's key). */
export const CONTACT_SHARDS = 16;

/** The team's documents, without the team prefix: `book` (tags, segments, team templates) and `contacts-00` … `contacts-15`. */
export function teamDocumentNames(): string[] {
  return ['book', ...Array.from({ length: CONTACT_SHARDS }, (_, i) => `contacts-${String(i).padStart(2, '0')}`)];
}

/** The server's name for one of the team's documents (server/team-server.ts accepts `<teamId>/<name>`). */
export function serverDocumentName(teamId: string, name: string): string {
  return `${teamId}/${name}`;
}
