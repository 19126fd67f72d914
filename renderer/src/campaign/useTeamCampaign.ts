import { useEffect, useState } from 'react';
import type { TeamCampaignReport } from '../../../preload/contract.ts';
import { unwrap } from '../service.ts';
import { useRequest } from '../useRequest.ts';

/** How often the chosen campaign is read again: PCs report to the team store, not to this PC. */
const POLL_MS = 2000;

/**
 * A manager's team campaigns: the list, the chosen one's report read again every two seconds while shown, and the
 * manager's start, pause, resume and stop (answered with the report after it).
 */
export function useTeamCampaign() {
  const [campaigns] = useRequest(() => window.callcue.team.campaigns());
  const [chosen, setChosen] = useState<number>();
  const id = chosen ?? campaigns.value?.[0]?.id;
  const [report, setReport] = useState<TeamCampaignReport>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    if (id === undefined) return;
    let live = true;
    const read = () =>
      unwrap(window.callcue.team.campaign({ id })).then(
        (r) => {
          if (!live) return;
          setReport(r);
          setError(undefined);
        },
        (e: Error) => live && setError(e),
      );
    void read();
    const timer = setInterval(() => void read(), POLL_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [id]);
  const setState = (state: 'running' | 'paused' | 'stopped') => {
    if (id === undefined) return;
    unwrap(window.callcue.team.campaignState({ id, state })).then(setReport, setError);
  };
  return { campaigns, id, choose: setChosen, report: report?.campaign.id === id ? report : undefined, error, setState };
}
