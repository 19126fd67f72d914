import { useTranslation } from 'react-i18next';

/** Before the first capture: what is processed and what is kept. Nothing starts until the rep agrees. */
export function ConsentDialog({ onAgree, onCancel }: { onAgree: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="consent-title">
      <div className="card dialog">
        <h2 id="consent-title">{t('consent.title')}</h2>
        <ul>
          <li>{t('consent.processed')}</li>
          <li>{t('consent.stored')}</li>
          <li>{t('consent.notStored')}</li>
          <li>{t('consent.customer')}</li>
        </ul>
        <div className="actions">
          <button type="button" onClick={onCancel}>
            {t('consent.cancel')}
          </button>
          <button type="button" className="primary" onClick={onAgree} autoFocus>
            {t('consent.agree')}
          </button>
        </div>
      </div>
    </div>
  );
}
