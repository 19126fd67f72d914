import { z } from 'zod';
import { complianceIntents } from '../intents.ts';
import { Localized, LocalizedLines } from '../language.ts';

/** The six stages of a sales call, in order; a playbook defines what each one says and when it moves on. */
export const stages = ['greeting', 'product_intro', 'needs', 'objection_handling', 'closing', 'wrap_up'] as const;
export type Stage = (typeof stages)[number];

const StateName = z.enum(stages);
const Transition = z.union([StateName, z.object({ target: StateName }).strict()]);

const State = z
  .object({
    /** What the rep is trying to achieve here, shown beside the suggestions. */
    goal: Localized,
    lines: LocalizedLines,
    on: z.record(z.string(), Transition).default({}),
  })
  .strict();

const ChecklistItem = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/),
    label: Localized,
    /** Regular expressions over the rep's own words; any match ticks the item. */
    patterns: z.object({ en: z.array(z.string()).min(1), 'zh-CN': z.array(z.string()).min(1) }),
  })
  .strict();

export function playbookSchema(knownIntents: ReadonlySet<string>) {
  const checkIntent = (intent: string, ctx: z.RefinementCtx, path: (string | number)[]) => {
    if (!knownIntents.has(intent)) ctx.addIssue({ code: 'custom', path, message: `Unknown intent "${intent}"` });
    if ((complianceIntents as readonly string[]).includes(intent))
      ctx.addIssue({ code: 'custom', path, message: `"${intent}" is handled by CallCue's compliance rules and cannot be routed by a playbook` });
  };
  return z
    .object({
      initial: StateName.default('greeting'),
      /** Objections handled before the call moves to a polite wrap-up. */
      maxObjections: z.number().int().min(1).max(10).default(3),
      states: z.object(Object.fromEntries(stages.map((s) => [s, State])) as Record<Stage, typeof State>).strict(),
      /** Transitions that apply in every state unless the state has its own for the intent. */
      on: z.record(z.string(), Transition).default({}),
      /** Answers to an intent, offered before the next step of the script. */
      responses: z.record(z.string(), LocalizedLines).refine((r) => 'opt_out' in r && 'ask_if_bot' in r && 'unknown' in r, {
        message: 'responses must include opt_out, ask_if_bot and unknown',
      }),
      /** Autonomous mode speaks as an AI: its own answers where a human rep's would be untrue. */
      auto: z.object({ disclosure: LocalizedLines, responses: z.record(z.string(), LocalizedLines).default({}) }).strict(),
      /** Assist mode: the per-call disclosure/consent line the rep reads in the greeting. */
      disclosure: LocalizedLines,
      checklist: z.array(ChecklistItem).min(1),
    })
    .strict()
    .superRefine((pb, ctx) => {
      for (const [intent] of Object.entries(pb.on)) checkIntent(intent, ctx, ['on', intent]);
      for (const [state, def] of Object.entries(pb.states))
        for (const [intent] of Object.entries(def.on)) checkIntent(intent, ctx, ['states', state, 'on', intent]);
      for (const intent of Object.keys(pb.responses))
        if (intent !== 'unknown' && !knownIntents.has(intent)) ctx.addIssue({ code: 'custom', path: ['responses', intent], message: `Unknown intent "${intent}"` });
      if (!pb.auto.responses.ask_if_bot) ctx.addIssue({ code: 'custom', path: ['auto', 'responses'], message: 'auto.responses must include ask_if_bot (the AI says it is an AI)' });
    });
}

export type Playbook = z.infer<ReturnType<typeof playbookSchema>>;

export function targetOf(transition: z.infer<typeof Transition>): Stage {
  return typeof transition === 'string' ? transition : transition.target;
}
