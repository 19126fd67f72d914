import { useTranslation } from 'react-i18next';

/** Labels for values that come from main (call outcomes, playbook stages): translated when known, shown as they are otherwise. */
export function useLabels() {
  const { t, i18n } = useTranslation();
  const label = (key: string, value: string) => (i18n.exists(key) ? String(t(key as never)) : value);
  return {
    outcome: (value: string) => label(`call.outcome.${value}`, value),
    stage: (value: string) => label(`call.stage.${value}`, value),
    intent: (value: string) => label(`reports.intent.${value}`, value),
    mode: (value: string) => label(`reports.mode.${value}`, value),
  };
}
