import type { AppInfo, CallEvent } from '../../preload/contract.ts';
import { openLog } from '../log/index.ts';
import { AssistService } from '../assist/index.ts';
import { CampaignService } from '../campaign/service.ts';
import { downloadModel, listModels } from '../asr/models/catalog.ts';
import { modelInUse } from '../asr/models/resolve.ts';
import { SettingsService } from '../settings/index.ts';
import { errorMessage } from '../base/errors.ts';
import { BrainRegistry } from '../brain/index.ts';
import { Doctor, type AudioProbe } from '../doctor/index.ts';
import { EventHub } from '../ipc/events.ts';
import type { Handlers } from '../ipc/router.ts';
import { MetadataStore, type KeyStore } from '../store/index.ts';
import { ownTarget, teamCredentials } from '../team/credentials.ts';
import { joinTeam } from '../team/join.ts';
import { teamReports } from '../team/reports.ts';
import { DEFAULT_STALE_MS, TeamLink } from '../team/link.ts';
import { freeExportName, ReportService, type ChooseExportFile, type PdfPrinter } from '../export/index.ts';
import { PageAudio } from '../audio/page-source.ts';
import { listPulseSources } from '../audio/pulse-source.ts';
import fs from 'node:fs';
import path from 'node:path';
import type { SpawnWorker } from '../asr/worker-port.ts';
import type { AppPaths } from '../base/paths.ts';

export interface CoreOptions {
  paths: AppPaths;
  info: AppInfo;
  probeAudio: AudioProbe;
  /** Where the database key lives (OS keychain in the app, a 0600 file headless). */
  keys: KeyStore;
  env?: NodeJS.ProcessEnv;
  /** Whisper model for calls (`--model` spec); default: the configured one. */
  model?: string;
  /** The window's shell controls (the app's: always on top, size); headless there is none. */
  window?: { setCompact(on: boolean): { alwaysOnTop: boolean } };
  /** Packaged app: how to start the Whisper process and where the store's worker is (defaults: from source). */
  spawnWhisper?: SpawnWorker;
  /** The SenseVoice worker, likewise. */
  spawnSenseVoice?: SpawnWorker;
  storeWorker?: string;
  /** How PDF reports are printed (Electron's printToPDF in the app; an installed Chromium headless). */
  printPdf: PdfPrinter;
  /** Where an export from the screen goes: the app asks with a save dialog; headless, a new name in `<data>/exports/`. */
  chooseExportFile?: ChooseExportFile;
  /** Packaged app: the built XLSX export worker (default: from source). */
  xlsxWorker?: string;
  /** Packaged app: the built voice worker (TTS and resampling off the main thread; default: from source). */
  voiceWorker?: string;
  /** Keep this PC's team store link running while the core lives (the app, the dev bridge); a one-shot CLI command does not. */
  teamLink?: boolean;
}

/** CALLCUE_TEAM_STALE_SECONDS: how old the team's do-not-call list here may get before the autopilot stops dialling. */
function staleLimitMs(env: NodeJS.ProcessEnv): number {
  const seconds = Number(env.CALLCUE_TEAM_STALE_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_STALE_MS;
}

/**
 * The app's services, composed once. The Electron shell, the CLI and the browser dev bridge
 * all build the same core; only how its dependencies are made differs.
 */
export function createCore(options: CoreOptions) {
  const env = options.env ?? process.env;
  const doctor = new Doctor({ paths: options.paths, env, probeAudio: options.probeAudio, team: () => team.status() });
  const hub = new EventHub();
  const log = openLog(options.paths.dataDir, { process: options.info.runtime === 'electron' ? 'app' : 'cli' });
  hub.observe((event, payload) => {
    if (event === 'call.event') log.call(payload as CallEvent);
  });
  let brains: BrainRegistry | undefined;
  let store: Promise<MetadataStore> | undefined;
  const core = {
    doctor,
    hub,
    log,
    info: options.info,
    paths: options.paths,
    /** The team store logins this PC keeps, sealed like the store's key. */
    teamLogins: teamCredentials(options.paths.dataDir, options.keys.sealer),
    /** Business lines, loaded on first use (reading plugins is cheap, training happens per plugin on demand). */
    get brains(): BrainRegistry {
      brains ??= new BrainRegistry(options.paths.resourcesDir);
      return brains;
    },
    /** The encrypted metadata store, opened on first use; calls left open by a crash are marked interrupted then. */
    store(): Promise<MetadataStore> {
      if (!store) {
        store = MetadataStore.open({ dataDir: options.paths.dataDir, keys: options.keys, workerPath: options.storeWorker }).then(async (s) => {
          await s.call('markInterrupted', {});
          return s;
        });
        // Retention is applied once each time the app opens its data.
        void store.then(() => settings.purge()).catch(() => undefined);
      }
      return store;
    },
  };
  // Pushes this PC's outbox and mirrors the team's do-not-call list, when it has joined a team.
  const team: TeamLink = new TeamLink({ store: () => core.store(), logins: core.teamLogins, staleMs: staleLimitMs(env), idleMs: 1000, onStatus: (status) => hub.publish('team.status', status), onHandoff: (handoff) => hub.publish('team.handoff', handoff) });
  if (options.teamLink) team.start();
  const settings = new SettingsService(() => core.store());
  // What the call services share: settings, business lines, the store, the pages, and how Whisper is run.
  const calling = { settings: () => settings.get(), brains: core.brains, store: () => core.store(), hub, log, paths: options.paths, env, model: options.model, spawnWhisper: options.spawnWhisper, spawnSenseVoice: options.spawnSenseVoice, voiceWorker: options.voiceWorker };
  const page = new PageAudio();
  const assist = new AssistService({ ...calling, page });
  const campaigns = new CampaignService({ ...calling, listFresh: () => team.listFresh() });
  // The manager's team view: read with this PC's own login (or, on the PC serving the team, its owner's).
  const teamDesk = teamReports(() => ownTarget(env, core.teamLogins, true));
  const reports = new ReportService({
    store: () => core.store(),
    pluginTitles: () => new Map([...core.brains.plugins.values()].map((p) => [p.id, p.title])),
    printPdf: options.printPdf,
    xlsxWorker: options.xlsxWorker,
    team: teamDesk,
  });
  const chooseExportFile: ChooseExportFile =
    options.chooseExportFile ??
    (async (format) => {
      const dir = path.join(options.paths.dataDir, 'exports');
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      return { file: freeExportName(dir, format), replace: false };
    });
  const handlers: Handlers = {
    'app.info': () => options.info,
    'app.ready': (_request, origin) => ({ queued: origin ? hub.attach(origin) : 0 }),
    'app.compact': ({ on }) => options.window?.setCompact(on) ?? { alwaysOnTop: false },
    'doctor.run': ({ checks }) => doctor.run(checks),
    'plugins.list': () => [...core.brains.plugins.values()].map((p) => ({ id: p.id, title: p.title })),
    'consent.status': () => assist.consentStatus(),
    'consent.give': ({ version }) => assist.giveConsent(version),
    'calls.start': (request) => assist.start(request),
    'calls.stop': () => assist.stop(),
    'calls.status': () => assist.status(),
    'calls.useSuggestion': ({ rank }) => assist.useSuggestion(rank),
    'audio.frames': ({ channel, pcm }) => {
      // A copy: the decoded bytes may sit at an odd offset of Node's buffer pool.
      return { accepted: page.push(channel, new Int16Array(Uint8Array.from(Buffer.from(pcm, 'base64')).buffer)) };
    },
    'calls.list': ({ filter, limit, scope }) => reports.list(filter ?? {}, limit ?? 1000, scope),
    'calls.get': ({ id, scope }) => reports.callDetail(id, scope),
    'reports.dashboard': ({ filter, language, scope }) => reports.dashboard(filter, language, scope),
    'reports.export': (request) => reports.exportShown(request, chooseExportFile),
    'settings.get': async () => ({
      settings: await settings.get(),
      dataDir: options.paths.dataDir,
      models: listModels(options.paths.modelsDir),
      modelInUse: await modelInUse(options.model ?? (await settings.get()).model, options.paths, env),
      inputs: [
        ...(await options.probeAudio().catch(() => [])).filter((d) => d.kind === 'audioinput').map(({ deviceId, label }) => ({ deviceId, label })),
        ...(await listPulseSources()),
      ],
    }),
    'settings.set': (patch) => settings.set(patch),
    'campaign.status': () => campaigns.status(),
    'campaign.importLeads': ({ file, strict }) => campaigns.importLeads(Buffer.from(file, 'base64'), { strict }),
    'campaign.start': (request) => campaigns.start(request),
    'campaign.pause': () => campaigns.pause(),
    'campaign.resume': () => campaigns.resume(),
    'campaign.stop': () => campaigns.stop(),
    'dnc.summary': () => campaigns.doNotCall(),
    'dnc.import': ({ text }) => campaigns.importDoNotCall(text),
    'dnc.add': ({ phone }) => campaigns.addDoNotCall(phone),
    'team.status': () => team.status(),
    'team.join': async ({ url }) => {
      const joined = await joinTeam({ logins: core.teamLogins, store: await core.store(), url });
      // The link runs with the new login from now on (a CLI command's core has no link to start).
      if (options.teamLink) await team.restart();
      return joined;
    },
    'team.campaigns': () => teamDesk.campaigns(),
    'team.campaign': ({ id }) => teamDesk.campaign(id),
    'team.campaignState': ({ id, state }) => teamDesk.setCampaignState(id, state),
    'models.download': ({ name }) => {
      // In the background: progress goes to the pages, a few times a second.
      let last = 0;
      downloadModel(name, options.paths.modelsDir, {
        env,
        onProgress: ({ received, total }) => {
          if (performance.now() - last < 200 && received < total) return;
          last = performance.now();
          hub.publish('models.progress', { name, received, total, state: 'downloading' });
        },
      }).then(
        ({ sha256 }) => hub.publish('models.progress', { name, received: 1, total: 1, state: 'done', sha256 }),
        (error: unknown) => hub.publish('models.progress', { name, received: 0, total: 0, state: 'failed', message: errorMessage(error) }),
      );
      return { started: true };
    },
  };
  return {
    ...core,
    settings,
    assist,
    campaigns,
    reports,
    team,
    handlers,
    async close(): Promise<void> {
      await assist.close();
      await campaigns.close();
      await team.close();
      if (store) await (await store).close();
      log.close();
    },
  };
}

export type Core = ReturnType<typeof createCore>;
