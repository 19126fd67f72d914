import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorInfo, ResponseOf } from '../../../preload/contract.ts';
import { useErrorText } from '../errors.ts';
import { FilePick } from './fields.tsx';

type Imported = ResponseOf<'campaign.importLeads'> | { problem: ErrorInfo };

/**
 * The lead list: import a CSV file, then either the leads ready with the rows skipped (line and reason), the rows
 * that got the whole list rejected, or why the file is not a lead list at all (in the user's language).
 */
export function LeadListField({ disabled, ready }: { disabled: boolean; ready: number }) {
  const { t } = useTranslation();
  const say = useErrorText();
  const [imported, setImported] = useState<Imported>();
  const importFile = async (file: string) => {
    const envelope = await window.callcue.campaign.importLeads({ file });
    setImported(envelope.ok ? envelope.value : { problem: envelope.error });
  };
  const rejected = imported && ('problem' in imported || !imported.leads);
  return (
    <fieldset>
      <legend>{t('campaign.leads')}</legend>
      <FilePick label={t('campaign.chooseLeads')} accept=".csv,.tsv,.txt,text/csv" disabled={disabled} onBase64={(file) => void importFile(file)} />
      {imported && 'problem' in imported && (
        <p className="error" role="alert" data-testid="lead-errors">
          {say(imported.problem)}
        </p>
      )}
      {imported && 'skipped' in imported && imported.skipped.length > 0 && (
        <div className={rejected ? 'error' : 'status warn'} role="alert" data-testid="lead-errors">
          {rejected ? t('campaign.leadErrors', { count: imported.skipped.length }) : t('campaign.leadsSkipped', { count: imported.skipped.length, leads: imported.leads })}
          <ul>
            {imported.skipped.map((row) => (
              <li key={row.line}>
                <strong>{t('campaign.rowLine', { line: row.line })}: </strong>
                {row.reasons.map((r) => t(r.key as never, r.vars ?? {})).join('; ')}
              </li>
            ))}
          </ul>
        </div>
      )}
      {!rejected && (
        <p className={ready ? 'status ok' : 'muted small'} data-testid="leads-ready">
          {ready ? t('campaign.leadsReady', { count: ready }) : t('campaign.noLeads')}
        </p>
      )}
    </fieldset>
  );
}
