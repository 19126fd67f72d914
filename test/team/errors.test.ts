import { describe, expect, it } from 'vitest';
import { CallcueError } from '../../main/base/errors.ts';
import { teamError } from '../../main/team/index.ts';

/** The failures a real server gives in the other test files, plus those hard to cause on purpose (a full disk). */
const pgError = (code: string, message = 'server said so') => Object.assign(new Error(message), { code });

describe('team store errors', () => {
  it.each([
    ['53100', 'team_disk_full', true, /out of disk space; nothing is lost here/],
    ['57P01', 'team_unreachable', true, /not available right now/],
    ['08006', 'team_unreachable', true, /not available right now/],
    ['ECONNRESET', 'team_unreachable', true, /cannot be reached \(ECONNRESET\)/],
    ['28P01', 'team_auth_failed', false, /wrong name or password/],
    ['42501', 'team_denied', false, /does not allow that for this login: server said so/],
    ['3D000', 'team_no_database', false, /no such database/],
    ['CERT_HAS_EXPIRED', 'team_tls_untrusted', false, /does not trust \(CERT_HAS_EXPIRED/],
    ['XX000', 'team_failed', false, /failed: server said so/],
  ])('%s is %s (retryable: %s)', (code, expected, retryable, message) => {
    const error = teamError(pgError(code), 'cc_ann@team:5432/callcue');
    expect(error).toBeInstanceOf(CallcueError);
    expect(error).toMatchObject({ code: expected, retryable, message: expect.stringMatching(message) });
    expect(error.message).toContain('cc_ann@team:5432/callcue');
  });

  it('a connection cut mid-query is something to retry', () => {
    expect(teamError(new Error('Connection terminated unexpectedly'), 'x')).toMatchObject({ code: 'team_unreachable', retryable: true });
  });
});
