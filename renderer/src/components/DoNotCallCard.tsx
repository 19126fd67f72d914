import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DoNotCallSummary } from '../../../preload/contract.ts';
import { useErrorText } from '../errors.ts';
import { unwrap } from '../service.ts';
import { useRequest } from '../useRequest.ts';
import { FilePick } from './fields.tsx';

/**
 * The do-not-call list: how many numbers, the latest (masked), add one by hand or import a file. Nothing is removed
 * here. `version` changes when a campaign adds numbers (opt-outs), and the list is read again.
 */
export function DoNotCallCard({ version }: { version: number }) {
  const { t, i18n } = useTranslation();
  const say = useErrorText();
  const [loaded, reload] = useRequest(() => window.callcue.dnc.summary());
  const [changed, setChanged] = useState<{ added: number; summary: DoNotCallSummary; version: number }>();
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<Error>();
  useEffect(() => {
    if (version) reload();
  }, [version, reload]);
  // An edit here shows its own answer until a campaign changes the list again.
  const summary = changed?.version === version ? changed.summary : loaded.value;
  const apply = async (request: () => Promise<{ added: number; summary: DoNotCallSummary }>) => {
    setError(undefined);
    try {
      setChanged({ ...(await request()), version });
      setPhone('');
    } catch (e) {
      setError(e as Error);
    }
  };
  const valid = /^\+[1-9]\d{6,14}$/.test(phone.replace(/[\s()-]/g, ''));
  return (
    <section className="card dnc" aria-labelledby="dnc-title" data-testid="dnc">
      <h2 id="dnc-title">{t('campaign.dnc.title')}</h2>
      {summary && <p data-testid="dnc-count">{t('campaign.dnc.count', { count: summary.count })}</p>}
      <form
        className="dnc-add"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) void apply(() => unwrap(window.callcue.dnc.add({ phone: phone.replace(/[\s()-]/g, '') })));
        }}
      >
        <input type="tel" value={phone} placeholder={t('campaign.dnc.addPlaceholder')} aria-label={t('campaign.dnc.add')} aria-invalid={phone !== '' && !valid} onChange={(e) => setPhone(e.target.value)} />
        <button type="submit" disabled={!valid}>
          {t('campaign.dnc.add')}
        </button>
        <FilePick label={t('campaign.dnc.import')} accept=".csv,.txt,text/plain,text/csv" onText={(text) => void apply(() => unwrap(window.callcue.dnc.import({ text })))} />
      </form>
      {/* A failure replaces the last answer: no green "added" left beside a red error. */}
      {changed?.version === version && !error && <p className="status ok small">{t('campaign.dnc.added', { count: changed.added })}</p>}
      {(error ?? loaded.status === 'error') && (
        <p className="error" role="alert">
          {error ? say(error) : loaded.status === 'error' ? loaded.message : ''}
        </p>
      )}
      {summary && summary.recent.length > 0 && (
        <ul className="counts">
          {summary.recent.map((r) => (
            <li key={`${r.phone}-${r.addedAt}`}>
              <span>{r.phone}</span> <span className="muted small">{t(`campaign.dnc.source.${r.source}` as never)} · {new Date(r.addedAt).toLocaleString(i18n.language)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
