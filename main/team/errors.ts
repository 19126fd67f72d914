import { CallcueError, errorMessage } from '../base/errors.ts';

/** Node's TLS verification failures: the server's certificate is not one this PC trusts for that name. */
const UNTRUSTED = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** Failures with their own words for a person (locales doctor.hint.team.*); any other code gets the general one. */
const EXPLAINED = new Set(['unreachable', 'auth_failed', 'tls_untrusted', 'schema_newer', 'schema_old', 'login_unreadable', 'disk_full', 'not_manager', 'url_invalid', 'tls_required', 'ca_missing']);

/** The words for a team error code, in the page's language (team_unreachable -> doctor.hint.team.unreachable). */
export function teamErrorKey(code: string): string {
  const bare = code.replace(/^team_/, '');
  return `doctor.hint.team.${EXPLAINED.has(bare) ? bare : 'other'}`;
}

/**
 * Any failure talking to the team store as one CallcueError a person can act on: what happened at which address and
 * what to do. PostgreSQL's SQLSTATE codes and Node's socket and TLS codes are stable; their messages are not.
 * `retryable` marks what the sync worker should try again later (the server went away, its disk is full).
 */
export function teamError(error: unknown, where: string): CallcueError {
  if (error instanceof CallcueError) return error;
  const code = (error as { code?: string } | undefined)?.code ?? '';
  const message = errorMessage(error);
  const fail = (c: string, text: string, retryable = false) => new CallcueError(c, text, { retryable, cause: error, key: teamErrorKey(c) });
  if (code === '28P01') return fail('team_auth_failed', `The team store at ${where} refused this login: wrong name or password (or the login was removed). Ask your manager for a new one (callcue team add-rep).`);
  if (code === '28000') return fail('team_auth_refused', `The team store at ${where} does not accept this login from here: ${message}.`);
  if (code === '3D000') return fail('team_no_database', `The team store at ${where} has no such database; check the address, or run callcue team init.`);
  if (code === '42501') return fail('team_denied', `The team store at ${where} does not allow that for this login: ${message}.`);
  if (code === '53100') return fail('team_disk_full', `The team store at ${where} is out of disk space; nothing is lost here, CallCue sends it again later.`, true);
  if (code.startsWith('57P') || code.startsWith('08')) return fail('team_unreachable', `The team store at ${where} is not available right now (${message}); nothing is lost here, CallCue tries again later.`, true);
  if (UNTRUSTED.has(code)) return fail('team_tls_untrusted', `The team store at ${where} showed a certificate this PC does not trust (${code}: ${message}). If your company uses its own certificate authority, add sslrootcert=PATH_TO_CA.pem to the address; otherwise this may not be your team's server.`);
  if (/does not support SSL/i.test(message)) return fail('team_tls_unavailable', `The team store at ${where} does not offer TLS, and CallCue sends a login to a server off this PC only over TLS. Turn on ssl on the server.`);
  if (UNREACHABLE.has(code) || /Connection terminated|timeout expired|Connection ended/i.test(message)) {
    return fail('team_unreachable', `The team store at ${where} cannot be reached (${code || message}); nothing is lost here, CallCue tries again later.`, true);
  }
  return fail('team_failed', `The team store at ${where} failed: ${message}`);
}
