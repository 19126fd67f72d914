import { CallcueError } from '../base/errors.ts';
import type { PageCapture } from '../../preload/contract.ts';
import { mergeSources, type AudioSource, type Channel } from './frames.ts';
import { PAGE_DEVICE, SYSTEM_OUTPUT, type PageAudio } from './page-source.ts';
import { openMicSource } from './mic-source.ts';
import { openPulseSource } from './pulse-source.ts';

export interface LiveDevices {
  /** The softphone's audio (a loopback device; `pulse:NAME` for a PulseAudio source such as `speakers.monitor`): the customer. */
  customer: string;
  /** The rep's microphone; null: the system default; 'none': not captured (the softphone carries both voices). */
  rep?: string | null;
}

/**
 * One input device: `pulse:NAME` through PulseAudio's recorder, `page:...` captured by the app's page (with `page`),
 * anything else through node-web-audio-api.
 */
async function openDevice(device: string | undefined, channel: Channel, page: PageAudio | undefined): Promise<AudioSource & { device: string }> {
  if (device?.startsWith('pulse:')) return openPulseSource(device.slice('pulse:'.length), channel);
  if (device && PAGE_DEVICE.test(device)) {
    if (!page) throw new CallcueError('no_device', `${device} is captured by the app's window: choose another device here.`);
    return page.open(channel, device);
  }
  return openMicSource({ device, channel });
}

/**
 * A live call from devices: the customer's channel always, the rep's microphone unless turned off. `capture` lists
 * the channels the page must capture and send (`page:` devices).
 */
export async function openLiveCall(devices: LiveDevices, page?: PageAudio): Promise<AudioSource & { devices: string[]; capture: PageCapture[] }> {
  // The system's output loopback: on Linux, the default sink's monitor; in the desktop app on Windows and macOS,
  // Electron's loopback capture of the PC's sound output; headless there, a loopback device (Stereo Mix, BlackHole).
  const loopback = devices.customer || (process.platform === 'linux' ? 'pulse:@DEFAULT_MONITOR@' : page ? SYSTEM_OUTPUT : '');
  if (!loopback) throw new CallcueError('no_device', "Choose the device that carries the softphone's audio (Settings, or --customer-device).");
  const customer = await openDevice(loopback, 'customer', page);
  const rep =
    devices.rep === 'none'
      ? undefined
      : await openDevice(devices.rep ?? undefined, 'rep', page).catch((error: unknown) => {
          customer.close();
          throw error;
        });
  const sources = rep ? [rep, customer] : [customer];
  const capture = [[devices.rep, 'rep'] as const, [loopback, 'customer'] as const].flatMap(([device, channel]) => (device && PAGE_DEVICE.test(device) ? [{ channel, device }] : []));
  return Object.assign(mergeSources(sources), { devices: sources.map((s) => s.device), capture });
}
