import type { Check } from '../check.ts';
import { msg } from '../check.ts';

export const REQUIRED_NODE = [22, 13] as const;

export function meetsNodeRequirement(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > REQUIRED_NODE[0] || (major === REQUIRED_NODE[0] && minor >= REQUIRED_NODE[1]);
}

export const nodeCheck: Check = async () => {
  const version = process.versions.node;
  const ok = meetsNodeRequirement(version);
  return {
    id: 'node',
    status: ok ? 'ok' : 'fail',
    found: `v${version}`,
    hint: ok ? undefined : msg('doctor.hint.nodeTooOld', { required: REQUIRED_NODE.join('.') }),
    details: { version, required: `>=${REQUIRED_NODE.join('.')}` },
  };
};
