import { useTranslation } from 'react-i18next';
import type { ErrorInfo } from '../../preload/contract.ts';
import { ServiceError } from './service.ts';

/** An error as the user reads it: a keyed one in the page's language, any other by its message (a bug to report, not to fix). */
export function useErrorText(): (error: Error | ErrorInfo) => string {
  const { t } = useTranslation();
  return (error) => {
    const { key, vars } = error as ErrorInfo;
    return key ? t(key as never, { ...vars, defaultValue: error.message }) : error.message;
  };
}

/** The error if it is about `field` (named as in the contract's request), for the message next to that field. */
export function errorFor(error: unknown, field: string): ServiceError | undefined {
  return error instanceof ServiceError && error.field === field ? error : undefined;
}
