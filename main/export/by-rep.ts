import type { CallFilter, RepFigures, TeamCampaignReport } from '../../preload/contract.ts';
import { buildDashboard } from './dashboard.ts';
import type { CallReport } from './facts.ts';

/** What a team export has beyond this PC's: each rep's figures, and the morning report of the team campaigns in its range. */
export interface TeamSections {
  byRep: RepFigures[];
  campaigns: TeamCampaignReport[];
}

/** How many objections a rep's line lists. */
const TOP = 3;

/** Per-rep figures, by rep name: each rep's calls run through the same dashboard as the whole export. */
export function figuresByRep(reports: CallReport[], repOf: Map<string, string>, filter: CallFilter, timeZone: string): RepFigures[] {
  const groups = new Map<string, CallReport[]>();
  for (const r of reports) {
    const rep = repOf.get(r.call.id) ?? '?';
    groups.set(rep, [...(groups.get(rep) ?? []), r]);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([rep, own]) => {
      const { kpis, outcomes, objections } = buildDashboard(own, filter, timeZone);
      return {
        rep,
        calls: kpis.calls,
        converted: kpis.converted,
        conversionRate: kpis.conversionRate,
        outcomes,
        topObjections: [...objections].sort((a, b) => b.count - a.count || a.intent.localeCompare(b.intent)).slice(0, TOP).map(({ intent, count }) => ({ intent, count })),
        suggestionsShown: kpis.suggestionsShown,
        suggestionsUsed: kpis.suggestionsUsed,
        adoptionRate: kpis.adoptionRate,
      };
    });
}
