import { resolveModel } from '../asr/models/resolve.ts';
import { endOfTurnJudge } from '../call/hearing.ts';
import { Recognisers } from '../asr/recogniser.ts';
import type { SpawnWorker } from '../asr/worker-port.ts';
import type { Settings } from '../settings/index.ts';
import type { BrainRegistry } from '../brain/index.ts';
import type { AppPaths } from '../base/paths.ts';
import type { CallcueLog } from '../log/index.ts';
import type { MetadataStore } from '../store/index.ts';
import { Voice } from '../tts/index.ts';
import { botVoice, findNeuralVoices } from '../tts/voices.ts';
import { Campaign } from './campaign.ts';
import type { Lead } from './leads.ts';
import type { LeadSource } from './lead-source.ts';
import type { Line } from './line.ts';
import { defaultRules } from './rules.ts';
import type { VoicemailOptions } from './screening.ts';
import type { TransferOptions } from './transfer.ts';
import { parseSipLine, SipLine } from './sip-line.ts';
import { VirtualLine } from './virtual-line.ts';

export interface LaunchOptions {
  /** A lead list on this PC; or `source`: a team's shared campaign (team/lead-source.ts). */
  leads?: Lead[];
  source?: LeadSource;
  /** `virtual` or `sip:USER@HOST[:PORT][;transport=tls]` (password from CALLCUE_SIP_PASSWORD in `env`). */
  line: string;
  /** Whisper model spec (`--model`); default: CALLCUE_WHISPER_MODEL or the models folder. */
  model?: string;
  concurrency: number;
  maxAttempts: number;
  until?: number;
  ringSeconds?: number;
  paths: AppPaths;
  env: NodeJS.ProcessEnv;
  brains: BrainRegistry;
  store: MetadataStore;
  spawnWhisper?: SpawnWorker;
  spawnSenseVoice?: SpawnWorker;
  /** Who hears Mandarin leads (the setting); default SenseVoice when installed. */
  zhRecogniser?: Settings['zhRecogniser'];
  /** The built voice-worker.cjs in the app (default: from source). */
  voiceWorker?: string;
  /** What the bot speaks each language with (the setting); default: the OS voice. */
  botVoice?: Settings['botVoice'];
  log?: CallcueLog;
  /** Whether the do-not-call list is recent enough to dial on (the team's; see Campaign). */
  listFresh?: () => boolean;
  /** How the bot finds the end of a callee's turn: a fixed silence (default) or Smart Turn. */
  endOfTurn?: 'smart' | 'silence';
  /** Answering machines: hang up (default), or leave the message (needs a callback number). */
  voicemail?: VoicemailOptions;
  /** Warm transfer to a rep's phone (SIP lines only; `--transfer-to`). */
  transfer?: TransferOptions;
}

export interface LaunchedCampaign {
  campaign: Campaign;
  /** The line (SIP registration) and the Whisper process, for after the campaign has run. */
  close(): Promise<void>;
}

/**
 * Everything one campaign needs, opened in the order that fails cheapest first (model, then the line's
 * registration, then the Whisper process); what was opened is closed again when a later step fails.
 * Shared by `callcue autopilot` and the app's campaign screen.
 */
export async function launchCampaign(o: LaunchOptions): Promise<LaunchedCampaign> {
  const model = await resolveModel(o.model, o.paths, o.env);
  const speaker = o.botVoice && botVoice(o.botVoice, findNeuralVoices(o.paths.modelsDir, o.env), { warn: (line) => o.log?.info(line) });
  const voice = new Voice(speaker, { workerPath: o.voiceWorker });
  const line: Line = o.line === 'virtual' ? new VirtualLine(voice, o.paths.resourcesDir) : await SipLine.open(parseSipLine(o.line, o.env));
  let engine: Recognisers;
  try {
    const languages = [...new Set((o.source?.kinds ?? o.leads ?? []).map((l) => (l.language === 'zh-CN' ? ('zh' as const) : ('en' as const))))];
    engine = await Recognisers.open({ languages, whisper: model, zhChoice: o.model ? 'whisper' : o.zhRecogniser, modelsDir: o.paths.modelsDir, env: o.env, whisperOptions: { spawn: o.spawnWhisper, root: o.paths.appRoot }, spawnSenseVoice: o.spawnSenseVoice });
  } catch (error) {
    await line.close();
    throw error;
  }
  const campaign = new Campaign({
    leads: o.leads,
    source: o.source,
    rules: { ...defaultRules, maxAttempts: o.maxAttempts },
    line,
    store: o.store,
    brains: o.brains,
    engine,
    voice,
    asr: engine.label,
    fixture: model.kind === 'fixture',
    concurrency: o.concurrency,
    until: o.until,
    ringSeconds: o.ringSeconds,
    listFresh: o.listFresh,
    voicemail: o.voicemail,
    transfer: o.transfer,
    endOfTurn: o.endOfTurn === 'smart' ? await endOfTurnJudge(o.paths, o.env) : undefined,
  });
  if (o.log) campaign.on('event', (event: { type: string } & Record<string, unknown>) => o.log!.campaign(event));
  return {
    campaign,
    close: async () => {
      await engine.close();
      await line.close();
    },
  };
}
