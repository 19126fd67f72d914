import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createHeadlessCore } from '../../main/core/headless.ts';
import { createRouter } from '../../main/ipc/router.ts';
import { startDevBridge, type DevBridge } from '../../main/devbridge/server.ts';
import { fileKeyStore } from '../../main/store/index.ts';
import { formatTeamUrl, teamCredentials, type TeamTarget } from '../../main/team/index.ts';
import { repoRoot } from '../helpers/cli.ts';

export const artifacts = path.join(repoRoot, 'test', 'artifacts');
const CHROMIUM = process.env.CALLCUE_CHROMIUM ?? '/usr/bin/chromium';

export interface AppUnderTest {
  /** The real services behind the page (tests publish main's events through its hub). */
  core: ReturnType<typeof createHeadlessCore>;
  bridge: DevBridge;
  browser: Browser;
  page: Page;
  /** Console errors, page errors and CSP violations seen so far. */
  problems: string[];
  close(): Promise<void>;
}

/** The real renderer in Debian's Chromium, talking to the real services through the dev bridge. */
export async function openApp(webDir: string, options: { env?: NodeJS.ProcessEnv; locale?: string; model?: string; chromiumArgs?: string[]; teamLink?: boolean } = {}): Promise<AppUnderTest> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run bash .ci/setup (Debian package chromium).`);
  const core = createHeadlessCore({ ...process.env, ...options.env }, { model: options.model, teamLink: options.teamLink });
  const bridge = await startDevBridge({ dispatch: createRouter(core.handlers), staticDir: webDir, onClose: (id) => core.hub.detach(id) });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...(options.chromiumArgs ?? [])],
  });
  const context = await browser.newContext({ locale: options.locale ?? 'en-US', viewport: { width: 1100, height: 720 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(bridge.url);
  return {
    core,
    bridge,
    browser,
    page,
    problems,
    close: async () => {
      await browser.close();
      await bridge.close();
      await core.close();
    },
  };
}

/**
 * The app on a PC with its own data folder for the whole test file (tempDir's go after each test), joined to a team
 * with `login` (sealed as `callcue team join` leaves it) or on none yet, its team link running; close() removes the folder.
 */
export async function openTeamApp(webDir: string, login?: TeamTarget): Promise<AppUnderTest & { data: string }> {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'callcue-team-app-'));
  if (login) teamCredentials(data, fileKeyStore(data).sealer).write('login', formatTeamUrl(login));
  const app = await openApp(webDir, { locale: 'en-US', env: { CALLCUE_DATA_DIR: data }, teamLink: true });
  return {
    ...app,
    data,
    close: async () => {
      await app.close();
      fs.rmSync(data, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(artifacts, { recursive: true });
  const file = path.join(artifacts, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
