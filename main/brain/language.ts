import { z } from 'zod';

/** Languages of call content (playbook lines, training data), with the same codes as the UI. */
export const Language = z.enum(['en', 'zh-CN']);
export type Language = z.infer<typeof Language>;
export const languages = Language.options;

/** Text in every supported language. */
export const Localized = z.object({ en: z.string().min(1), 'zh-CN': z.string().min(1) }).strict();
export type Localized = z.infer<typeof Localized>;

/** Several lines in every supported language. */
export const LocalizedLines = z.object({ en: z.array(z.string().min(1)).min(1), 'zh-CN': z.array(z.string().min(1)).min(1) }).strict();
export type LocalizedLines = z.infer<typeof LocalizedLines>;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Which language a customer utterance is in. Speech recognisers emit one script per utterance, so the script decides. */
export function detectLanguage(text: string): Language {
  return CJK.test(text) ? 'zh-CN' : 'en';
}
