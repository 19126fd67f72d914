/** The intents every playbook understands; plugins may add their own. */
export const coreIntents = [
  'greet',
  'affirm',
  'deny',
  'ask_product_info',
  'ask_price',
  'objection_price',
  'objection_timing',
  'objection_no_need',
  'objection_trust',
  'ask_if_bot',
  'opt_out',
  'request_callback',
  'ready_to_buy',
  'ask_human',
] as const;
export type CoreIntent = (typeof coreIntents)[number];

export const UNKNOWN = 'unknown';

/** Intents CallCue's compliance rules handle before any playbook: a playbook can never route them elsewhere. */
export const complianceIntents = ['opt_out', 'ask_if_bot'] as const;

export function isObjection(intent: string): boolean {
  return intent.startsWith('objection_');
}

export function isCompliance(intent: string): boolean {
  return (complianceIntents as readonly string[]).includes(intent);
}
