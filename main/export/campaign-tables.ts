import type { AttemptCounts, TeamCampaignReport } from '../../preload/contract.ts';
import type { ReportLabels } from './labels.ts';

/** A titled table of a report (the XLSX summary's sections, the PDF's tables). */
export interface ReportTable {
  title: string;
  header: string[];
  rows: (string | number)[][];
}

/**
 * The morning report of each team campaign in a team export: the whole campaign, one row per PC and one for all
 * PCs (dialled, answered, abandoned, on the line, dispositions), then its state, abandonment against its limit,
 * where its leads stand and why the rest cannot be dialled now.
 */
export function campaignTables(campaigns: TeamCampaignReport[], labels: ReportLabels): ReportTable[] {
  const { t, label } = labels;
  const counts = (of: Record<string, number>, name: (k: string) => string) =>
    Object.entries(of)
      .sort(([, a], [, b]) => b - a)
      .map(([k, n]) => `${name(k)} ${n}`)
      .join(', ');
  const line = (who: string, c: AttemptCounts) => [who, c.dialled, c.answered, c.abandoned, c.onLine, counts(c.dispositions, (d) => label('outcome', d))];
  return campaigns.map((r) => ({
    title: t('reports.campaigns.title', { id: r.campaign.id, name: r.campaign.name }),
    header: [t('campaign.team.pc'), t('campaign.kpi.dialled'), t('campaign.kpi.answered'), t('reports.campaigns.abandoned'), t('campaign.kpi.onLine'), t('campaign.dispositions')],
    rows: [
      ...r.pcs.map((pc) => line(pc.displayName ?? pc.rep, pc)),
      line(t('reports.campaigns.allPcs'), r.totals),
      [t('reports.campaigns.state'), String(t(`campaign.state.${r.campaign.state}` as never))],
      [t('campaign.kpi.abandonment'), String(t('campaign.team.abandonment', { rate: labels.percent(r.totals.abandonRate), limit: labels.percent(r.campaign.abandonLimit) }))],
      [t('reports.campaigns.leads'), String(t('campaign.team.leads', { finished: r.leads.finished, total: r.leads.total, eligible: r.leads.eligibleNow, leased: r.leads.leasedNow }))],
      [t('campaign.skips'), counts(r.skipped, (k) => String(t(`campaign.skip.${k}` as never)))],
    ],
  }));
}
