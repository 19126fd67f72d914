import { useTranslation } from 'react-i18next';
import type { TeamHandoff } from '../../../preload/contract.ts';
import { useLabels, usePluginTitle } from '../labels.ts';
import { useHandoffs } from '../team/useHandoffs.ts';

/** One handoff: who the caller is, the business line, what the bot heard (intents, objections), the details, the stage. */
function Handoff({ handoff, onDismiss }: { handoff: TeamHandoff; onDismiss: () => void }) {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const pluginTitle = usePluginTitle();
  const { context: c } = handoff;
  const list = (values: string[]) => (values.length ? new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(values.map(labels.intent)) : t('call.handoff.none'));
  const slots = Object.entries(c.slots).filter(([, v]) => v !== undefined);
  const rows: [string, string][] = [
    [t('call.handoff.lead'), c.leadName ?? (c.leadLine !== undefined ? t('call.handoff.leadLine', { line: c.leadLine }) : '')],
    [t('call.handoff.plugin'), pluginTitle(c.plugin)],
    [t('call.handoff.language'), labels.language(c.language)],
    [t('call.handoff.stage'), labels.stage(c.stage)],
    [t('call.handoff.intents'), list(c.intents)],
    [t('call.handoff.objections'), list(c.objections)],
    [t('call.handoff.details'), slots.length ? slots.map(([k, v]) => `${t(`call.handoff.slot.${k}` as never)} ${String(v)}`).join(' · ') : t('call.handoff.none')],
  ];
  return (
    <section className="card handoff" role="alert" data-testid="handoff-card" data-handoff={handoff.id}>
      <div className="card-header">
        <div>
          <h2>{t('call.handoff.title')}</h2>
          <p className="muted small">{t('call.handoff.from', { from: handoff.from, time: new Date(handoff.at).toLocaleTimeString(i18n.language) })}</p>
        </div>
        <button type="button" onClick={onDismiss}>
          {t('call.handoff.dismiss')}
        </button>
      </div>
      <table className="checks">
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Warm transfers put through to this person: their cards above the call screen, before the caller's voice arrives. */
export function HandoffCards() {
  const { handoffs, dismiss } = useHandoffs();
  return (
    <>
      {handoffs.map((h) => (
        <Handoff key={h.id} handoff={h} onDismiss={() => dismiss(h.id)} />
      ))}
    </>
  );
}
