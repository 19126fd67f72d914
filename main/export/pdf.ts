import fs from 'node:fs';
import { chromium } from 'playwright-core';
import { CallcueError } from '../base/errors.ts';

import type { PdfPrinter } from './index.ts';

const installed = (env: NodeJS.ProcessEnv) =>
  [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    `${env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)'}\\Microsoft\\Edge\\Application\\msedge.exe`,
    `${env.ProgramFiles ?? 'C:\\Program Files'}\\Google\\Chrome\\Application\\chrome.exe`,
  ].filter((p): p is string => !!p);

/**
 * Headless printing (CLI, dev bridge) through `CALLCUE_CHROMIUM` if set, else the first Chromium-family
 * browser installed. Imported only by the headless core: the desktop app prints with Electron and ships no Playwright.
 */
export function chromiumPrinter(env: NodeJS.ProcessEnv = process.env): PdfPrinter {
  return async (html) => {
    const chosen = env.CALLCUE_CHROMIUM;
    if (chosen && !fs.existsSync(chosen)) throw new CallcueError('pdf_no_browser', `CALLCUE_CHROMIUM is ${chosen}, which does not exist: point it at Chromium, Chrome or Edge.`);
    const executablePath = chosen || installed(env).find((p) => fs.existsSync(p));
    if (!executablePath) throw new CallcueError('pdf_no_browser', 'PDF export needs Chromium, Chrome or Edge installed (or CALLCUE_CHROMIUM set to one); CSV, XLSX and JSON work without.');
    const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    try {
      const page = await browser.newPage();
      // The page is static and has no script; nothing it could fetch is allowed out.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await browser.close();
    }
  };
}
