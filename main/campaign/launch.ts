import { resolveModel } from '../asr/models/resolve.ts';
import { endOfTurnJudge } from '../call/hearing.ts';
import { WhisperEngine } from '../asr/whisper-engine.ts';
import type { SpawnWorker } from '../asr/worker-port.ts';
import type { BrainRegistry } from '../brain/index.ts';
import type { AppPaths } from '../base/paths.ts';
import type { CallcueLog } from '../log/index.ts';
import type { MetadataStore } from '../store/index.ts';
import { Voice } from '../tts/index.ts';
import { Campaign } from './campaign.ts';
import type { Lead } from './leads.ts';
import type { Line } from './line.ts';
import { defaultRules } from './rules.ts';
import { parseSipLine, SipLine } from './sip-line.ts';
import { VirtualLine } from './virtual-line.ts';

export interface LaunchOptions {
  leads: Lead[];
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
  /** The built voice-worker.cjs in the app (default: from source). */
  voiceWorker?: string;
  log?: CallcueLog;
  /** How the bot finds the end of a callee's turn: a fixed silence (default) or Smart Turn. */
  endOfTurn?: 'smart' | 'silence';
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
  const voice = new Voice(undefined, { workerPath: o.voiceWorker });
  const line: Line = o.line === 'virtual' ? new VirtualLine(voice, o.paths.resourcesDir) : await SipLine.open(parseSipLine(o.line, o.env));
  let engine: WhisperEngine;
  try {
    engine = await WhisperEngine.start({ model: model.path, maxTokens: model.maxTokens, temperatureFallback: model.kind !== 'fixture', spawn: o.spawnWhisper, root: o.paths.appRoot });
  } catch (error) {
    await line.close();
    throw error;
  }
  const campaign = new Campaign({
    leads: o.leads,
    rules: { ...defaultRules, maxAttempts: o.maxAttempts },
    line,
    store: o.store,
    brains: o.brains,
    engine,
    voice,
    asr: `whisper ${model.name}`,
    fixture: model.kind === 'fixture',
    concurrency: o.concurrency,
    until: o.until,
    ringSeconds: o.ringSeconds,
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
