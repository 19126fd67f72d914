import { useTranslation } from 'react-i18next';
import { ServiceError } from '../service.ts';
import { Field } from './fields.tsx';

/** What the campaign screen asks about warm transfer: the rep's phone, and optionally the hours reps take transfers. */
export interface TransferChoice {
  to: string;
  start: string;
  end: string;
}

export const noTransfer: TransferChoice = { to: '', start: '', end: '' };

/** The request's part for `campaign.start`: nothing without a phone; hours only when both are given. */
export function transferRequest(c: TransferChoice): { transferTo?: string; transferHours?: { start: string; end: string } } {
  const to = c.to.trim();
  if (!to) return {};
  return { transferTo: to, ...((c.start || c.end) && { transferHours: { start: c.start, end: c.end } }) };
}

/** The keyed error about the transfer's phone or its hours (from main, or the contract's check of a field in it). */
// The contract's own refusal (app.invalid.*) is told with the format to use, as the SIP account's is.
export function transferError(error: unknown, t: (key: 'campaign.errors.transferTo' | 'campaign.errors.transferHours') => string): { to?: Error; hours?: Error } {
  if (!(error instanceof ServiceError) || !error.field) return {};
  const ours = error.key?.startsWith('campaign.');
  if (error.field === 'transferTo') return { to: ours ? error : new Error(t('campaign.errors.transferTo')) };
  if (error.field.startsWith('transferHours')) return { hours: ours ? error : new Error(t('campaign.errors.transferHours')) };
  return {};
}

/** Warm transfer on a SIP line: callers who ask for a person are put through to this phone while reps are on duty. */
export function TransferFields({ value, onChange, error }: { value: TransferChoice; onChange: (c: TransferChoice) => void; error: { to?: Error; hours?: Error } }) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('campaign.transferTo')} error={error.to}>
        {(aria) => <input type="text" value={value.to} placeholder="201" data-testid="transfer-to" onChange={(e) => onChange({ ...value, to: e.target.value })} {...aria} />}
      </Field>
      <span className="muted small">{t('campaign.transferToHint')}</span>
      {value.to.trim() && (
        <Field label={t('campaign.transferFrom')} error={error.hours}>
          {(aria) => (
            <span className="inline">
              <input type="time" value={value.start} onChange={(e) => onChange({ ...value, start: e.target.value })} {...aria} /> {t('campaign.transferUntil')}{' '}
              <input type="time" value={value.end} aria-label={t('campaign.transferUntil')} onChange={(e) => onChange({ ...value, end: e.target.value })} />
            </span>
          )}
        </Field>
      )}
      {value.to.trim() && !value.start && !value.end && <span className="muted small">{t('campaign.transferAnyTime')}</span>}
    </>
  );
}
