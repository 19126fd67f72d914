/**
 * The one IPC contract between the renderer and the core services.
 * Main validates every request against these schemas; preload and the browser dev bridge
 * build `window.callcue` from the channel names; the renderer gets the types.
 * Channel `a.b` becomes `window.callcue.a.b(request)`.
 */
import { z } from 'zod';

/** A translatable message: a locale key plus its interpolation values. */
export const Message = z.object({
  key: z.string(),
  vars: z.record(z.string(), z.string()).optional(),
});
export type Message = z.infer<typeof Message>;

export const CheckStatus = z.enum(['ok', 'warn', 'fail']);
export type CheckStatus = z.infer<typeof CheckStatus>;

export const DoctorCheck = z.object({
  id: z.enum(['node', 'electron', 'model', 'sqlite', 'audio', 'gpu', 'hearing', 'team']),
  status: CheckStatus,
  /** Facts found (versions, paths, sizes): shown as they are, in any language. */
  found: z.string(),
  /** The same finding in words (`none`, `3 inputs`), for screens to show in their language instead of `found`. */
  foundMessage: Message.optional(),
  /** What to do about a warn or fail. */
  hint: Message.optional(),
  /** Machine-readable details for `--json` and support tickets. */
  details: z.record(z.string(), z.unknown()).default({}),
});
export type DoctorCheck = z.infer<typeof DoctorCheck>;

export const DoctorReport = z.object({
  checks: z.array(DoctorCheck),
  /** Nothing required fails (a missing model is `warn`: the app opens, calls cannot run yet). */
  ok: z.boolean(),
  /** What the summary line says: `warn` when something needs attention, so a missing model is never shown as ready. */
  summary: CheckStatus,
  tookMs: z.number(),
});
export type DoctorReport = z.infer<typeof DoctorReport>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  /** OS locale, used for the first choice of UI language. */
  osLocale: z.string(),
  runtime: z.enum(['electron', 'node']),
});
export type AppInfo = z.infer<typeof AppInfo>;

const Empty = z.object({}).strict();
/** The largest file a page may send (lead and do-not-call lists), in characters or bytes. */
export const MAX_IMPORT_CHARS = 5 * 2 ** 20;
const Language = z.enum(['en', 'zh-CN']);

/** A channel the page captures for a call: `page:system` (this PC's sound output, loopback) or `page:DEVICE-ID`. */
export const PageCapture = z.object({ channel: z.enum(['rep', 'customer']), device: z.string().regex(/^page:.+$/) });
export type PageCapture = z.infer<typeof PageCapture>;

/** Where a call's audio comes from: the bundled sample call (demo, training), or the devices chosen in Settings. */
export const CallSource = z.enum(['sample', 'devices']);
export type CallSource = z.infer<typeof CallSource>;

export const CallSummary = z.object({ callId: z.string(), outcome: z.string(), state: z.string(), turns: z.number() });
export type CallSummary = z.infer<typeof CallSummary>;

/**
 * The assist call main is running, for a page that (re)loads mid-call: what to capture, and `replay`, the latest
 * suggestions and checklist as the events that carried them (never the words said).
 */
export const CallStatus = z.union([
  z.object({ state: z.literal('idle') }),
  z.object({
    state: z.enum(['live', 'ending']),
    callId: z.string(),
    asr: z.string(),
    capture: z.array(PageCapture),
    replay: z.array(z.custom<CallEvent>()),
  }),
]);
export type CallStatus = z.infer<typeof CallStatus>;

export const CallRow = z.object({
  id: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  mode: z.enum(['assist', 'auto']),
  plugin: z.string(),
  language: z.string(),
  outcome: z.string(),
  finalState: z.string().nullable(),
  /** Whose call it is: the rep's name on the team, in the team's view only. */
  rep: z.string().optional(),
});
export type CallRow = z.infer<typeof CallRow>;
/**
 * Whose calls a list, dashboard or export covers: this PC's (the local store, any PC) or the whole team's (read from
 * the team store; a manager's login only, while it can be reached).
 */
export const Scope = z.enum(['pc', 'team']);
export type Scope = z.infer<typeof Scope>;

const Code = z.string().regex(/^[a-z][a-z0-9_-]{0,40}$/);
/** What narrows a selection besides its dates. */
const narrowing = {
  plugin: Code.optional(),
  mode: z.enum(['assist', 'auto']).optional(),
  outcome: Code.optional(),
  intent: Code.optional(),
};
/** Which calls a list, dashboard or export covers: started in [from, to) (epoch ms), optionally narrowed. */
export const CallFilter = z
  .object({ from: z.number().int().min(0).optional(), to: z.number().int().min(0).optional(), ...narrowing })
  .strict()
  .refine((f) => f.from === undefined || f.to === undefined || f.from < f.to, { message: 'from must be before to' });
export type CallFilter = z.infer<typeof CallFilter>;
/**
 * The filter bar as the screen shows it, applied or not: the dates as typed (YYYY-MM-DD, both inclusive, '' = open)
 * in the page's time zone. Main reads the dates itself, so an inverted or unreadable range is refused with a keyed error.
 */
export const ShownFilter = z.object({ from: z.string().max(40), to: z.string().max(40), timeZone: z.string().min(1).max(64), ...narrowing }).strict();
export type ShownFilter = z.infer<typeof ShownFilter>;
export const ExportFormat = z.enum(['csv', 'xlsx', 'pdf', 'json']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** What a rep or IT can set; stored in the encrypted database, validated on every change. */
export const Settings = z
  .object({
    /** Input device for the rep's voice (id or label); null: the system default. */
    micDevice: z.string().max(200).nullable(),
    /** Device carrying the softphone's audio (loopback); null: the system's output loopback. */
    loopbackDevice: z.string().max(200).nullable(),
    /** Whisper model: a catalog name or a file path; null: the configured default. */
    model: z.string().max(500).nullable(),
    /** Who hears Mandarin calls: SenseVoice (when installed; else Whisper) or always Whisper. */
    zhRecogniser: z.enum(['sensevoice', 'whisper']),
    plugin: z.string().regex(/^[a-z][a-z0-9_-]{0,40}$/),
    callLanguage: Language,
    /** Silence that ends the customer's turn. */
    endOfTurnMs: z.number().int().min(300).max(2000),
    gpu: z.boolean(),
    /** Calls older than this are deleted. */
    retentionDays: z.number().int().min(1).max(3650),
    /** What the bot speaks each language with: the neural voice (when installed, else the OS voice) or the OS voice. */
    botVoice: z.object({ en: z.enum(['neural', 'system']), 'zh-CN': z.enum(['neural', 'system']) }).strict(),
  })
  .strict();
export type Settings = z.infer<typeof Settings>;

export const ModelInfo = z.object({ name: z.string(), file: z.string(), installed: z.boolean(), mb: z.number(), note: z.string(), sha256: z.string().nullable() });
export type ModelInfo = z.infer<typeof ModelInfo>;

/** A phone number in E.164: +, country code, at most 15 digits. */
export const E164 = z.string().regex(/^\+[1-9]\d{6,14}$/);
/** The number an answering-machine message asks the callee to call back: digits, optionally with a leading +. */
export const CALLBACK_NUMBER = /^\+?\d{6,15}$/;

/** A SIP account as the campaign line takes it: sip:USER@HOST[:PORT][;transport=udp|tls]. */
export const SIP_ACCOUNT = /^sip:([^@;:\s]+)@([^;:\s]+)(?::(\d+))?(?:;transport=(udp|tls))?$/i;
/**
 * A rep's phone for warm transfer: an extension on the line's own domain (201, *9201, alice) or a SIP URI
 * (sip:201@pbx.example.com[:PORT][;transport=tls]). No spaces, quotes or angle brackets: it goes into a SIP request line.
 */
export const TRANSFER_TARGET = /^(?:sips?:[A-Za-z0-9._*#+-]+@[A-Za-z0-9.-]+(?::\d{1,5})?(?:;[A-Za-z0-9=._-]+)*|[A-Za-z0-9._*#+-]{1,64})$/i;
/** A time of day, HH:MM (24 h). */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
/** One thing that happened in a campaign, as the screen shows it (phone numbers masked). */
export const CampaignLogEntry = z.object({
  at: z.number(),
  type: z.enum(['dial', 'skip', 'disposition', 'paused', 'resumed', 'done']),
  phone: z.string().optional(),
  line: z.number().optional(),
  /** Skip reason, disposition, pause reason or why the campaign stopped. */
  what: z.string().optional(),
  /** The line's or the rules' own words (SIP status, calling window): not translated. */
  detail: z.string().optional(),
  /** A booked callback, ISO 8601 in the callee's zone. */
  callbackAt: z.string().optional(),
});
export type CampaignLogEntry = z.infer<typeof CampaignLogEntry>;
/** An autonomous campaign as the screen shows it: what was imported, where it stands, the latest events. */
export const CampaignStatus = z.object({
  /** `done`: the list, the stop time or the abandonment rule ended it; `stopped`: the user did. */
  state: z.enum(['idle', 'starting', 'running', 'paused', 'stopping', 'stopped', 'done', 'failed']),
  /** Leads imported and ready (the list the next start works through). */
  leads: z.number(),
  /** Rows of that list skipped at import (bad or without consent): for the morning report. */
  rowsSkipped: z.number(),
  line: z.string().nullable(),
  processed: z.number(),
  onLine: z.number(),
  dialled: z.number(),
  answered: z.number(),
  skipped: z.record(z.string(), z.number()),
  dispositions: z.record(z.string(), z.number()),
  abandonRate: z.number(),
  stoppedBy: z.string().nullable(),
  error: z.string().nullable(),
  log: z.array(CampaignLogEntry),
});
export type CampaignStatus = z.infer<typeof CampaignStatus>;
export const DoNotCallSummary = z.object({
  count: z.number(),
  recent: z.array(z.object({ phone: z.string(), source: z.string(), addedAt: z.number() })),
});
export type DoNotCallSummary = z.infer<typeof DoNotCallSummary>;

/** This PC's link to the team store, for the status bar and the System check. */
export const TeamStatus = z.object({
  /** false: this PC never joined a team (it works on its own); nothing below applies. */
  joined: z.boolean(),
  connected: z.boolean(),
  /** When the outbox was last pushed empty to the team store. */
  lastSyncAt: z.number().nullable(),
  /** Records on this PC not yet in the team store. */
  pending: z.number(),
  /** The last failure's code (team_unreachable, team_auth_failed...), null while all is well. */
  error: z.string().nullable(),
  /** When the team's do-not-call list here was last confirmed complete; stale past `staleAfterMs` (the autopilot waits). */
  dncFreshAt: z.number().nullable(),
  dncStale: z.boolean(),
  staleAfterMs: z.number(),
  /** This PC's login is a manager's (known once connected): History and the dashboard can show the whole team. */
  manager: z.boolean(),
});
export type TeamStatus = z.infer<typeof TeamStatus>;

/** A team campaign in the manager's list (Autopilot tab). */
export const TeamCampaignItem = z.object({ id: z.number(), name: z.string(), state: z.enum(['idle', 'running', 'paused', 'stopped']) });
export type TeamCampaignItem = z.infer<typeof TeamCampaignItem>;
const TeamCampaignId = z.object({ id: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }).strict();

/** What the rep agrees to before the first capture; a new version asks again. */
export const CONSENT_VERSION = '2026-11-1';

export const contract = {
  'app.info': { request: Empty, response: AppInfo },
  /** The page has subscribed to events: queued ones are delivered now. */
  'app.ready': { request: Empty, response: z.object({ queued: z.number() }) },
  /** Compact mode: a narrow window kept above the softphone (always on top where the shell can do that). */
  'app.compact': { request: z.object({ on: z.boolean() }).strict(), response: z.object({ alwaysOnTop: z.boolean() }) },
  'doctor.run': { request: z.object({ checks: z.array(DoctorCheck.shape.id).optional() }).strict(), response: DoctorReport },
  'plugins.list': { request: Empty, response: z.array(z.object({ id: z.string(), title: z.object({ en: z.string(), 'zh-CN': z.string() }) })) },
  'consent.status': { request: Empty, response: z.object({ required: z.string(), given: z.boolean(), givenAt: z.number().nullable() }) },
  'consent.give': { request: z.object({ version: z.string().max(40) }).strict(), response: z.object({ givenAt: z.number() }) },
  'calls.start': {
    request: z.object({ plugin: z.string().regex(/^[a-z][a-z0-9_-]{0,40}$/), language: Language, source: CallSource }).strict(),
    /** `capture`: channels the page must capture and send as `audio.frames` (devices named `page:...`). */
    response: z.object({ callId: z.string(), asr: z.string(), capture: z.array(PageCapture) }),
  },
  /** One 32 ms frame of a channel the page captures for the call: 512 samples, 16 kHz, 16-bit little-endian, base64. */
  'audio.frames': {
    request: z.object({ channel: z.enum(['rep', 'customer']), pcm: z.base64().max(1368) }).strict(),
    response: z.object({ accepted: z.boolean() }),
  },
  'calls.stop': { request: Empty, response: CallSummary },
  /** Whether a call is running, so a reloaded page re-attaches to it (and can end it). */
  'calls.status': { request: Empty, response: CallStatus },
  'calls.useSuggestion': { request: z.object({ rank: z.number().int().min(1).max(3) }).strict(), response: z.object({ used: z.boolean() }) },
  'settings.get': {
    request: Empty,
    /** `modelInUse`: what calls use while `settings.model` is null (a catalog name, else the file), or null with none installed. */
    response: z.object({ settings: Settings, dataDir: z.string(), models: z.array(ModelInfo), modelInUse: z.string().nullable(), inputs: z.array(z.object({ deviceId: z.string(), label: z.string() })) }),
  },
  'settings.set': { request: Settings.partial().strict(), response: Settings },
  /** Starts a model download; progress arrives as `models.progress` events. */
  'models.download': { request: z.object({ name: z.enum(['tiny', 'base', 'small']) }).strict(), response: z.object({ started: z.boolean() }) },
  'calls.list': { request: z.object({ filter: CallFilter.optional(), limit: z.number().int().min(1).max(500).optional(), scope: Scope.optional() }).strict(), response: z.array(CallRow) },
  /** One call's summary for the manager: timeline, objections and how each was handled, suggestions, talk time. */
  'calls.get': { request: z.object({ id: z.string().min(1).max(100), scope: Scope.optional() }).strict(), response: z.custom<CallDetailView>() },
  /** The dashboard across the calls a filter covers, with its charts (ECharts options, labelled in `language`); the team's has per-rep figures. */
  'reports.dashboard': { request: z.object({ filter: CallFilter, language: Language, scope: Scope.optional() }).strict(), response: z.custom<{ view: DashboardView; charts: DashboardCharts }>() },
  /** Writes an export of what the filter bar shows to a new file (where the rep chooses in the app; under the data folder headless). */
  'reports.export': {
    request: z.object({ shown: ShownFilter, format: ExportFormat, language: Language, scope: Scope.optional() }).strict(),
    response: z.object({ file: z.string().nullable(), calls: z.number() }),
  },
  'campaign.status': { request: Empty, response: CampaignStatus },
  /**
   * A lead list: the CSV file's bytes, base64, so main can tell UTF-8 from UTF-16 and refuse Latin-1 or GBK. `skipped`:
   * the rows not imported, each with its line; with `leads: 0` the list was rejected (`strict`, or no good row).
   * A file that is not a lead list at all (encoding, columns, CSV syntax, empty) is a keyed error.
   */
  'campaign.importLeads': {
    request: z.object({ file: z.base64().max(Math.ceil(MAX_IMPORT_CHARS / 3) * 4), strict: z.boolean().optional() }).strict(),
    /** Each skipped row's `reasons` are keyed, for the page's language; `message` is the same in English (CLI, logs). */
    response: z.object({ leads: z.number(), skipped: z.array(z.object({ line: z.number(), message: z.string(), reasons: z.array(Message) })) }),
  },
  /** Starts calling the imported leads; progress arrives as `campaign.progress` events. The SIP password is used for this run only. */
  'campaign.start': {
    request: z
      .object({
        line: z.union([z.literal('virtual'), z.string().max(300).regex(SIP_ACCOUNT)]),
        password: z.string().max(200).optional(),
        concurrency: z.number().int().min(1).max(8),
        maxAttempts: z.number().int().min(1).max(10),
        /** Stop dialling at this time on the PC's clock (HH:MM, the next one to come); null: until the list is done. */
        until: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).nullable(),
        /** On an answering machine: hang up, or leave the message after the beep (it names `callbackNumber`). */
        voicemail: z.enum(['hang_up', 'leave_message']).optional(),
        callbackNumber: z.string().regex(CALLBACK_NUMBER).optional(),
        /** Warm transfer (SIP lines): a callee who asks for a person is put through to this extension or SIP URI. */
        transferTo: z.string().max(300).regex(TRANSFER_TARGET).optional(),
        /** When reps take transfers, on this PC's clock; absent: whenever the campaign runs. */
        transferHours: z.object({ start: z.string().regex(TIME_OF_DAY), end: z.string().regex(TIME_OF_DAY) }).strict().optional(),
      })
      .strict(),
    response: CampaignStatus,
  },
  'campaign.pause': { request: Empty, response: CampaignStatus },
  'campaign.resume': { request: Empty, response: CampaignStatus },
  'campaign.stop': { request: Empty, response: CampaignStatus },
  'dnc.summary': { request: Empty, response: DoNotCallSummary },
  /** A do-not-call file (one E.164 number per line): any bad line rejects the whole file. */
  'dnc.import': { request: z.object({ text: z.string().max(MAX_IMPORT_CHARS) }).strict(), response: z.object({ added: z.number(), summary: DoNotCallSummary }) },
  'dnc.add': { request: z.object({ phone: E164 }).strict(), response: z.object({ added: z.number(), summary: DoNotCallSummary }) },
  /** The team store link now; changes arrive as `team.status` events. */
  'team.status': { request: Empty, response: TeamStatus },
  /** Joins this PC to a team with the login line its manager gave (callcue team add-rep); a line that does not work changes nothing. */
  'team.join': {
    request: z.object({ url: z.string().min(1).max(2000) }).strict(),
    response: z.object({ name: z.string(), manager: z.boolean(), where: z.string(), queued: z.number() }),
  },
  /** A manager's team campaigns, newest first (read from the team store each time). */
  'team.campaigns': { request: Empty, response: z.array(TeamCampaignItem) },
  /** One team campaign across every PC, as it is now: the morning report, live. */
  'team.campaign': { request: TeamCampaignId, response: z.custom<TeamCampaignReport>() },
  /** The manager starts (resumes), pauses or stops a team campaign for every PC; answers the report after it. */
  'team.campaignState': { request: TeamCampaignId.extend({ state: z.enum(['running', 'paused', 'stopped']) }).strict(), response: z.custom<TeamCampaignReport>() },
} as const;

/** Manager views, computed in main from intent metadata only (main/export). Stages are the playbook's. */
export type FunnelStage = 'greeting' | 'product_intro' | 'objection_handling' | 'closing';
export interface CallDetailView {
  call: CallRow & { phone: string | null };
  furthestStage: FunnelStage;
  timeline: { atMs: number; channel: 'rep' | 'customer'; intent: string | null; confidence: number | null; from: string | null; to: string | null }[];
  objections: { atMs: number; intent: string; next: string | null; handledWith: { rank: number; source: string; rule: string } | null }[];
  suggestions: { shown: number; used: number };
  talk: { repMs: number; customerMs: number; repShare: number | null };
}
export interface DashboardView {
  filter: CallFilter;
  timeZone: string;
  kpis: { calls: number; converted: number; conversionRate: number; avgDurationMs: number; adoptionRate: number; suggestionsShown: number; suggestionsUsed: number; optOuts: number };
  funnel: { stage: FunnelStage; calls: number }[];
  outcomes: { outcome: string; calls: number }[];
  objections: { intent: string; count: number; calls: number; converted: number; conversionRate: number }[];
  byDay: { day: string; calls: number; converted: number; optOuts: number }[];
  byPlugin: { plugin: string; calls: number; converted: number; avgDurationMs: number; adoptionRate: number }[];
  /** The team's view only: each rep's figures. */
  byRep?: RepFigures[];
}
/** One rep's figures in the team's view and export: what the dashboard says of their calls alone. */
export interface RepFigures {
  rep: string;
  calls: number;
  converted: number;
  conversionRate: number;
  outcomes: { outcome: string; calls: number }[];
  /** The objections (customer intents) they met most, most first. */
  topObjections: { intent: string; count: number }[];
  suggestionsShown: number;
  suggestionsUsed: number;
  adoptionRate: number;
}
/** ECharts options (plain JSON), shared by the dashboard screen and the PDF report. */
export interface DashboardCharts {
  funnel: Record<string, unknown>;
  objections: Record<string, unknown>;
  byDay: Record<string, unknown>;
  byPlugin: Record<string, unknown>;
}

/** A team campaign's attempts, every PC together or one PC's. */
export interface AttemptCounts {
  /** Leases taken, dialled, answered by a person, abandoned (answered, the bot silent too long), on the line now. */
  leased: number;
  dialled: number;
  answered: number;
  abandoned: number;
  onLine: number;
  /** Per attempt outcome, with lease_expired (the PC died) and not_dialled (given back before the dial). */
  dispositions: Record<string, number>;
}
/** A team campaign across every PC (main/team/campaigns.ts): the morning report (CLI --json, the Autopilot tab, the team export). */
export interface TeamCampaignReport {
  campaign: { id: number; name: string; plugin: string; language: string; state: TeamCampaignItem['state']; stateReason: string | null; stateChangedBy: string | null; stateChangedAt: string | null; stopAt: string | null; abandonLimit: number };
  leads: { total: number; finished: number; leasedNow: number; eligibleNow: number };
  /** Leads not finished that no PC may dial right now, by why (do_not_call, no_consent, max_attempts, retry_later, outside_window). */
  skipped: Record<string, number>;
  totals: AttemptCounts & { abandonRate: number };
  pcs: (AttemptCounts & { rep: string; displayName: string | null })[];
}

/** Events main pushes to the page (typed here, produced by main/assist). */
export interface SuggestionView {
  rank: number;
  text: string;
  source: string;
  rule: string;
}
export interface ChecklistItemView {
  id: string;
  label: string;
  done: boolean;
}
/** An objection card as shown beside the suggestions. */
export interface CardView {
  intent: string;
  title: string;
  tips: string[];
}
/** Set when a compliance rule fired: the number goes on the do-not-call list / the caller asked about AI. */
export interface ComplianceFlags {
  optOut?: true;
  askIfBot?: true;
}
export type CallEvent =
  | { type: 'started'; callId: string; asr: string }
  | { type: 'opening'; state: string; suggestions: SuggestionView[] }
  | { type: 'transcript'; kind: 'partial' | 'final'; id: string; channel: 'rep' | 'customer'; text: string; t0: number; t1: number; asr: string }
  | {
      type: 'turn';
      id: string;
      /** The customer's last voiced frame -> suggestions ready: what the rep waits. */
      speech_stop_to_suggestion_ms: number;
      /** The listener's end of turn (after the pause that ended it) -> suggestions ready. */
      eot_to_suggestion_ms: number;
      asr: string;
      intent: string;
      confidence: number;
      language: string;
      from: string;
      state: string;
      goal: string;
      suggestions: SuggestionView[];
      card?: CardView;
      compliance?: ComplianceFlags;
      outcome: string;
      checklist: ChecklistItemView[];
      /** The intent is a guess (under the brain's confidence floor): the playbook did not move on it. */
      lowConfidence?: true;
      /**
       * The customer's last voiced frame -> these suggestions first on screen: a prepared answer the turn confirmed
       * was there sooner than the turn (below 0: before they stopped).
       */
      speech_stop_to_shown_ms: number;
      /** Suggestions were prepared for this turn as the customer spoke: the turn kept (`confirmed`) or `replaced` them. */
      prepared?: 'confirmed' | 'replaced';
      /** The rank the rep said of the prepared lines the turn confirmed (recorded as used with the turn). */
      used?: number;
    }
  /**
   * Suggestions prepared from the customer's words so far (they are still speaking, or their turn's end is being
   * decided): what the turn will answer if they say nothing more. The turn event confirms or replaces them.
   */
  | { type: 'prepared'; id: string; intent: string; confidence: number; lowConfidence?: true; state: string; goal: string; suggestions: SuggestionView[]; card?: CardView; compliance?: ComplianceFlags }
  | { type: 'checklist'; items: ChecklistItemView[] }
  /**
   * After each customer turn: how long after they stopped their words were in (`behindMs`), turns merged into a later
   * one because recognition fell behind, turns without words so far, and whether that share passed the ASR health
   * limit (5%).
   */
  | { type: 'hearing'; behindMs: number; merged: number; unheard: number; turns: number; alert: boolean }
  | { type: 'error'; code: string; message: string }
  | {
      type: 'ended';
      callId: string;
      outcome: string;
      state: string;
      turns: number;
      speech_stop_to_suggestion_ms: number[];
      eot_to_suggestion_ms: number[];
      speech_stop_to_shown_ms: number[];
      /** Customer turns whose prepared suggestions the turn confirmed or replaced. */
      prepared: { confirmed: number; replaced: number };
    };

/** Commands from outside the page: the global hotkey. */
export interface AppCommand {
  command: 'toggleCall';
}

export type ModelProgress = { name: string; received: number; total: number } & ({ state: 'downloading' } | { state: 'done'; sha256: string } | { state: 'failed'; message: string });

/**
 * What a warm transfer's handoff card shows the rep before the callee is put through (team migration 007): the call
 * so far as metadata, never words. `leadName` where the bot's PC has the lead list; a team's lead is its row
 * (`leadLine`) in the manager's file. Intents in the order first heard; objections among them.
 */
export interface HandoffContext {
  plugin: string;
  language: 'en' | 'zh-CN';
  leadName?: string;
  leadLine?: number;
  phone?: string;
  intents: string[];
  objections: string[];
  slots: { product?: string; age?: number; cover?: number; callbackAt?: string };
  stage: string;
  turns: number;
}
/** A handoff as the rep's CallCue receives it (`team.handoff`): who put the callee through, when, and the card. */
export interface TeamHandoff {
  id: number;
  at: string;
  from: string;
  campaignId: number | null;
  context: HandoffContext;
}

export interface Events {
  'call.event': CallEvent;
  'app.command': AppCommand;
  'models.progress': ModelProgress;
  'campaign.progress': CampaignStatus;
  'team.status': TeamStatus;
  /** A caller is being put through to this PC's person (warm transfer): the card to show before the audio connects. */
  'team.handoff': TeamHandoff;
}
export type EventName = keyof Events;
export const eventNames: EventName[] = ['call.event', 'app.command', 'models.progress', 'campaign.progress', 'team.status', 'team.handoff'];

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.infer<Contract[C]['response']>;

export const channels = Object.keys(contract) as Channel[];

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(contract, value);
}

export interface ErrorInfo {
  code: string;
  message: string;
  /** For errors a user can cause: a locale key and its values, shown in the user's language next to the field concerned. */
  key?: string;
  vars?: Record<string, string>;
  /** The request field the error is about (e.g. `retentionDays`), so the page can put it next to that field. */
  field?: string;
}

/** Handlers never throw across the boundary: they answer with an envelope. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

type Namespace<C extends string> = C extends `${infer NS}.${string}` ? NS : never;
type Method<C extends string, NS extends string> = C extends `${NS}.${infer M}` ? M : never;

/** `window.callcue`: one named method per channel, grouped by namespace, plus `on(event, listener)`. */
export type CallcueApi = {
  [NS in Namespace<Channel>]: {
    [M in Method<Channel, NS>]: `${NS}.${M}` extends infer C extends Channel
      ? (request?: RequestOf<C>) => Promise<Envelope<ResponseOf<C>>>
      : never;
  };
} & { on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void };

/** Sends one request over a transport (Electron IPC or the dev bridge's WebSocket). */
export type Invoke = (channel: Channel, request: unknown) => Promise<Envelope<unknown>>;
/** Subscribes to one of main's events over the same transport; returns the unsubscribe. */
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

/** Builds the named-method API over any transport; used by preload and by the browser dev bridge. */
export function buildApi(invoke: Invoke, subscribe: Subscribe): CallcueApi {
  const api: Record<string, unknown> = {};
  for (const channel of channels) {
    const [ns, method] = channel.split('.') as [string, string];
    const group = (api[ns] ??= {}) as Record<string, (request?: unknown) => Promise<Envelope<unknown>>>;
    group[method] = (request) => invoke(channel, request ?? {});
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!eventNames.includes(event)) throw new Error(`Unknown event ${String(event)}`);
    return subscribe(event, listener);
  };
  return api as unknown as CallcueApi;
}
