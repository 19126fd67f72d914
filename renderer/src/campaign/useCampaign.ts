import { useEffect, useState } from 'react';
import type { CampaignStatus } from '../../../preload/contract.ts';
import { unwrap } from '../service.ts';

/**
 * The autonomous campaign as main reports it: the status on mount, then every `campaign.progress` event. Actions
 * answer with the new status too; an action's error is kept for the screen until the next action.
 */
export function useCampaign() {
  const [status, setStatus] = useState<CampaignStatus>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    let live = true;
    const off = window.callcue.on('campaign.progress', (s) => live && setStatus(s));
    unwrap(window.callcue.campaign.status()).then((s) => live && setStatus((now) => now ?? s), (e: Error) => live && setError(e));
    return () => {
      live = false;
      off();
    };
  }, []);
  const act = async <T,>(request: () => Promise<T>): Promise<T | undefined> => {
    setError(undefined);
    try {
      return await request();
    } catch (e) {
      setError(e as Error);
      return undefined;
    }
  };
  const apply = (request: () => Promise<CampaignStatus>) => act(async () => setStatus(await request()));
  return {
    status,
    error,
    act,
    start: (o: Parameters<typeof window.callcue.campaign.start>[0]) => apply(() => unwrap(window.callcue.campaign.start(o))),
    pause: () => apply(() => unwrap(window.callcue.campaign.pause())),
    resume: () => apply(() => unwrap(window.callcue.campaign.resume())),
    stop: () => apply(() => unwrap(window.callcue.campaign.stop())),
  };
}
