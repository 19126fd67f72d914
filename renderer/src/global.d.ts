import type { CallcueApi } from '../../preload/contract.ts';
import type { Strings } from '../../locales/index.ts';

declare global {
  interface Window {
    callcue: CallcueApi;
  }
}

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: Strings };
  }
}
