import { useEffect, useState } from 'react';
import type { TeamStatus } from '../../../preload/contract.ts';
import { unwrap } from '../service.ts';

/** The team store link as main reports it: the status on mount, then every `team.status` event. */
export function useTeamStatus(): TeamStatus | undefined {
  const [status, setStatus] = useState<TeamStatus>();
  useEffect(() => {
    let live = true;
    const off = window.callcue.on('team.status', (s) => live && setStatus(s));
    unwrap(window.callcue.team.status()).then(
      (s) => live && setStatus((now) => now ?? s),
      () => undefined, // no team line in the footer is the right fallback
    );
    return () => {
      live = false;
      off();
    };
  }, []);
  return status;
}
