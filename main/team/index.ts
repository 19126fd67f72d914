/**
 * The team store: one team's calls, reps and do-not-call list in PostgreSQL (a managed server, or the embedded one
 * `callcue team serve` runs on the manager's PC). Metadata only, never audio or words; each person connects with
 * their own login, and row-level security keeps a rep to their own rows.
 */
export { connectTeam, inTransaction, retryDelay, withTeam, type TeamClient } from './client.ts';
export { notJoined, ownTarget, teamCredentials, type TeamCredentials, type TeamSlot } from './credentials.ts';
export { TeamDncFeed, type DncEntry, type DncMirrorStore } from './dnc-feed.ts';
export { teamError } from './errors.ts';
export { DEFAULT_STALE_MS, TeamLink, type LinkStore, type TeamLinkOptions } from './link.ts';
export { addMember, checkExtension, removeMember, roleFor, setExtension, whoAmI } from './members.ts';
export { checkSchema, migrateTeam, schemaVersion, teamMigrations } from './migrate.ts';
export { ADMIN_ROLE, advertisedHost, startTeamServer, TEAM_DATABASE, type TeamServer } from './server.ts';
export { teamCallFacts, teamCallList, teamReports, type TeamCallFacts, type TeamReports } from './reports.ts';
export { TeamSync, type OutboxStore, type SyncState } from './sync.ts';
export { describeTarget, formatTeamUrl, isLoopback, parseTeamUrl, type TeamTarget } from './url.ts';
