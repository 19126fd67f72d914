import * as tables from './001-tables.ts';
import * as roles from './002-roles.ts';
import * as dncFeed from './003-dnc-feed.ts';
import * as campaigns from './004-campaigns.ts';
import * as dncRemovals from './005-dnc-removals.ts';
import * as transfer from './006-transfer.ts';
import * as handoffs from './007-handoffs.ts';
import * as leaseScan from './008-lease-scan.ts';

/**
 * The team store's migrations in order (version = position + 1). Add new ones at the end, never edit old ones. The
 * SQL lives in modules rather than .sql files so the packaged app's bundle carries it (nothing to find on disk).
 */
export const teamMigrationList: { name: string; sql: string }[] = [
  { name: 'tables', ...tables },
  { name: 'roles', ...roles },
  { name: 'dnc_feed', ...dncFeed },
  { name: 'campaigns', ...campaigns },
  { name: 'dnc_removals', ...dncRemovals },
  { name: 'transfer', ...transfer },
  { name: 'handoffs', ...handoffs },
  { name: 'lease_scan', ...leaseScan },
];
