/** UI strings for every language, merged into one i18next namespace. Playbook lines are content and live in plugins, not here. */
import enApp from './en/app.json' with { type: 'json' };
import enCall from './en/call.json' with { type: 'json' };
import enCampaign from './en/campaign.json' with { type: 'json' };
import enConsent from './en/consent.json' with { type: 'json' };
import enDoctor from './en/doctor.json' with { type: 'json' };
import enHistory from './en/history.json' with { type: 'json' };
import enReports from './en/reports.json' with { type: 'json' };
import enSettings from './en/settings.json' with { type: 'json' };
import zhApp from './zh-CN/app.json' with { type: 'json' };
import zhCall from './zh-CN/call.json' with { type: 'json' };
import zhCampaign from './zh-CN/campaign.json' with { type: 'json' };
import zhConsent from './zh-CN/consent.json' with { type: 'json' };
import zhDoctor from './zh-CN/doctor.json' with { type: 'json' };
import zhHistory from './zh-CN/history.json' with { type: 'json' };
import zhReports from './zh-CN/reports.json' with { type: 'json' };
import zhSettings from './zh-CN/settings.json' with { type: 'json' };

export const en = { ...enApp, ...enDoctor, ...enCall, ...enHistory, ...enReports, ...enConsent, ...enSettings, ...enCampaign };
export type Strings = typeof en;

export const resources = {
  en: { translation: en },
  'zh-CN': { translation: { ...zhApp, ...zhDoctor, ...zhCall, ...zhHistory, ...zhReports, ...zhConsent, ...zhSettings, ...zhCampaign } },
} as const;

export type Language = keyof typeof resources;
export const languages = Object.keys(resources) as Language[];

/** Maps an OS or browser locale to a supported UI language: any Chinese locale gets zh-CN, everything else English. */
export function pickLanguage(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
