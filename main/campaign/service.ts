import type { CampaignLogEntry, CampaignStatus, DoNotCallSummary } from '../../preload/contract.ts';
import type { CallingDeps } from '../assist/index.ts';
import { CallcueError, errorMessage } from '../base/errors.ts';
import { maskPhone } from '../base/mask.ts';
import type { Campaign, CampaignEvent, CampaignProgress } from './campaign.ts';
import { launchCampaign } from './launch.ts';
import { startCampaignLifecycle } from './lifecycle.ts';
import { LeadErrors, parseDoNotCall, parseLeads, type BadRow, type Lead } from './leads.ts';
import { voicemailSetting } from './screening.ts';
import { transferSetting } from './transfer.ts';
import type { VoicemailPolicy } from './voicemail.ts';
import { untilTime } from './until.ts';

export interface StartRequest {
  line: string;
  password?: string;
  concurrency: number;
  maxAttempts: number;
  until: string | null;
  voicemail?: VoicemailPolicy;
  callbackNumber?: string;
  /** Warm transfer to this extension or SIP URI (SIP lines), within `transferHours` on this PC's clock. */
  transferTo?: string;
  transferHours?: { start: string; end: string };
}

/** The screen keeps this many of the latest events; the store keeps the calls themselves. */
const LOG_SIZE = 200;
const idle: CampaignProgress = { leads: 0, processed: 0, onLine: 0, paused: false, dialled: 0, answered: 0, abandoned: 0, skipped: {}, dispositions: {}, abandonRate: 0 };

/**
 * Autonomous mode for the app's campaign screen: a lead list imported (its good rows, bad ones skipped and reported;
 * with `strict`, all rows valid or nothing), one campaign at a time with pause, resume and stop, its progress pushed
 * to the pages; and the do-not-call list. Phone numbers reach the page masked, as in exports. The lead list lives in memory only: it is the manager's file, not ours.
 */
/** What the campaign service needs: the calling services, and whether the do-not-call list is fresh enough to dial on. */
export type CampaignDeps = CallingDeps & { listFresh?: () => boolean };

export class CampaignService {
  readonly #d: CampaignDeps;
  #leads: Lead[] = [];
  #rowsSkipped = 0;
  readonly #life = startCampaignLifecycle();
  #line: string | null = null;
  #campaign: Campaign | undefined;
  #last: CampaignProgress = idle;
  #stoppedBy: string | null = null;
  #error: string | null = null;
  /** Settles when the campaign has run and its line and Whisper process are closed. */
  #finished: Promise<void> = Promise.resolve();
  readonly #log: CampaignLogEntry[] = [];

  constructor(deps: CampaignDeps) {
    this.#d = deps;
  }

  status(): CampaignStatus {
    const p = this.#campaign?.progress ?? this.#last;
    return {
      state: this.#life.state,
      leads: this.#leads.length,
      rowsSkipped: this.#rowsSkipped,
      line: this.#line,
      processed: p.processed,
      onLine: p.onLine,
      dialled: p.dialled,
      answered: p.answered,
      skipped: p.skipped,
      dispositions: p.dispositions,
      abandonRate: p.abandonRate,
      stoppedBy: this.#stoppedBy,
      error: this.#error,
      log: [...this.#log],
    };
  }

  /**
   * The file's bytes (the parse yields to the event loop, so calls in progress keep their clock). A rejected list
   * (`strict`, or no good row) leaves the previous one in place and comes back as `leads: 0` with every bad row.
   */
  async importLeads(file: Uint8Array, options: { strict?: boolean } = {}): Promise<{ leads: number; skipped: BadRow[] }> {
    this.#notBusy();
    let list;
    try {
      list = await parseLeads(file, { plugins: [...this.#d.brains.plugins.keys()], strict: options.strict });
    } catch (error) {
      if (error instanceof LeadErrors) return { leads: 0, skipped: error.rows };
      throw error;
    }
    this.#notBusy(); // a campaign may have started while the file was read
    this.#leads = list.leads;
    this.#rowsSkipped = list.skipped.length;
    this.#reset();
    this.#publish();
    return { leads: list.leads.length, skipped: list.skipped };
  }

  async start(request: StartRequest): Promise<CampaignStatus> {
    if (this.#busy) throw new CallcueError('campaign_running', 'A campaign is already running.');
    if (!this.#leads.length) throw new CallcueError('no_leads', 'Import a lead list first.');
    const voicemail = voicemailSetting(request.voicemail, request.callbackNumber);
    const transfer = transferSetting({ to: request.transferTo || undefined, hours: request.transferHours, line: request.line });
    const settings = await this.#d.settings();
    const env = request.password ? { ...this.#d.env, CALLCUE_SIP_PASSWORD: request.password } : this.#d.env;
    this.#reset();
    this.#life.send({ type: 'START' });
    this.#line = request.line;
    this.#publish();
    let launched;
    try {
      launched = await launchCampaign({
        leads: this.#leads,
        line: request.line,
        model: this.#d.model ?? settings.model ?? undefined,
        concurrency: request.concurrency,
        maxAttempts: request.maxAttempts,
        until: request.until ? untilTime(request.until) : undefined,
        paths: this.#d.paths,
        env,
        brains: this.#d.brains,
        store: await this.#d.store(),
        spawnWhisper: this.#d.spawnWhisper,
        spawnSenseVoice: this.#d.spawnSenseVoice,
        zhRecogniser: settings.zhRecogniser,
        voiceWorker: this.#d.voiceWorker,
        botVoice: settings.botVoice,
        log: this.#d.log,
        listFresh: this.#d.listFresh,
        voicemail,
        transfer,
      });
    } catch (error) {
      // A keyed error is the user's to fix (the SIP account, no model): the page shows it by its field; nothing ran.
      const keyed = error instanceof CallcueError && error.key;
      this.#life.send({ type: keyed ? 'REFUSED' : 'FAILED' });
      this.#error = keyed ? null : errorMessage(error);
      this.#publish();
      throw error;
    }
    const { campaign, close } = launched;
    this.#campaign = campaign;
    this.#life.send({ type: 'STARTED' });
    campaign.on('event', (event: CampaignEvent) => {
      this.#record(event);
      this.#publish();
    });
    this.#finished = campaign
      .run()
      .then(
        (done) => {
          this.#life.send({ type: 'FINISHED' });
          this.#stoppedBy = done.stoppedBy;
        },
        (error: unknown) => {
          this.#life.send({ type: 'FAILED' });
          this.#error = errorMessage(error);
        },
      )
      .finally(async () => {
        this.#last = campaign.progress;
        this.#campaign = undefined;
        await close().catch(() => undefined);
        this.#publish();
      });
    return this.status();
  }

  pause(): CampaignStatus {
    this.#running().pause();
    this.#life.send({ type: 'PAUSE' });
    return this.status();
  }

  resume(): CampaignStatus {
    this.#running().resume();
    this.#life.send({ type: 'RESUME' });
    return this.status();
  }

  /** Stops dialling; calls in progress finish politely. */
  stop(): CampaignStatus {
    const campaign = this.#running();
    this.#life.send({ type: 'STOP' });
    campaign.stop();
    this.#publish();
    return this.status();
  }

  async doNotCall(): Promise<DoNotCallSummary> {
    const summary = await (await this.#d.store()).call('doNotCallSummary', { recent: 20 });
    return { count: summary.count, recent: summary.recent.map((r) => ({ ...r, phone: maskPhone(r.phone) })) };
  }

  async importDoNotCall(text: string): Promise<{ added: number; summary: DoNotCallSummary }> {
    return this.#addDoNotCall(parseDoNotCall(text), 'import');
  }

  async addDoNotCall(phone: string): Promise<{ added: number; summary: DoNotCallSummary }> {
    return this.#addDoNotCall([phone], 'manual');
  }

  /** Stops dialling and waits for the calls in progress to end. */
  async close(): Promise<void> {
    this.#campaign?.stop();
    await this.#finished;
  }

  async #addDoNotCall(phones: string[], source: 'import' | 'manual'): Promise<{ added: number; summary: DoNotCallSummary }> {
    const added = await (await this.#d.store()).call('addDoNotCall', { phones, source, addedAt: Date.now() });
    return { added, summary: await this.doNotCall() };
  }

  #notBusy(): void {
    if (this.#busy) throw new CallcueError('campaign_running', 'A campaign is running: stop it before importing another list.');
  }

  get #busy(): boolean {
    return this.#life.busy;
  }

  #running(): Campaign {
    if (!this.#campaign || this.#life.state === 'stopping') throw new CallcueError('no_campaign', 'No campaign is running.');
    return this.#campaign;
  }

  #reset(): void {
    this.#last = { ...idle, leads: this.#leads.length };
    this.#stoppedBy = null;
    this.#error = null;
    this.#log.length = 0;
    this.#life.send({ type: 'RESET' });
  }

  #record(event: CampaignEvent): void {
    const entry: CampaignLogEntry = { at: Date.now(), type: event.type };
    if ('phone' in event) Object.assign(entry, { phone: maskPhone(event.phone), line: event.line });
    if (event.type === 'skip') Object.assign(entry, { what: event.reason, detail: event.detail });
    if (event.type === 'disposition') Object.assign(entry, { what: event.disposition, detail: event.detail, callbackAt: event.callbackAt });
    if (event.type === 'paused') {
      entry.what = event.reason;
      this.#life.send({ type: 'PAUSE' });
    }
    if (event.type === 'resumed') this.#life.send({ type: 'RESUME' });
    if (event.type === 'done') entry.what = event.stoppedBy;
    this.#log.unshift(entry);
    this.#log.length = Math.min(this.#log.length, LOG_SIZE);
  }

  #publish(): void {
    this.#d.hub.publish('campaign.progress', this.status());
  }
}
