import { useTranslation } from 'react-i18next';
import { Modal } from './Modal.tsx';

/** Before the first capture: what is processed and what is kept. Nothing starts until the rep agrees; Esc is "not now". */
export function ConsentDialog({ onAgree, onCancel }: { onAgree: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal labelledBy="consent-title" onClose={onCancel}>
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
    </Modal>
  );
}
