import { CallcueError } from '../core/errors.ts';
import { mergeSources, type AudioSource } from './frames.ts';
import { openMicSource } from './mic-source.ts';
import { openPulseSource } from './pulse-source.ts';

export interface LiveDevices {
  /** The softphone's audio (a loopback device; `pulse:NAME` for a PulseAudio source such as `speakers.monitor`): the customer. */
  customer: string;
  /** The rep's microphone; null: the system default; 'none': not captured (the softphone carries both voices). */
  rep?: string | null;
}

/** One input device: `pulse:NAME` through PulseAudio's recorder, anything else through node-web-audio-api. */
function openDevice(device: string | undefined, channel: 'rep' | 'customer') {
  return device?.startsWith('pulse:') ? openPulseSource(device.slice('pulse:'.length), channel) : openMicSource({ device, channel });
}

/** A live call from devices: the customer's channel always, the rep's microphone unless turned off. */
export async function openLiveCall(devices: LiveDevices): Promise<AudioSource & { devices: string[] }> {
  // The system's output loopback: on Linux, the default sink's monitor. Windows and macOS need a loopback device
  // chosen in Settings (e.g. Stereo Mix, VB-CABLE, BlackHole) until Electron's own loopback capture is wired in.
  const loopback = devices.customer || (process.platform === 'linux' ? 'pulse:@DEFAULT_MONITOR@' : '');
  if (!loopback) throw new CallcueError('no_device', "Choose the device that carries the softphone's audio (Settings, or --customer-device).");
  const customer = await openDevice(loopback, 'customer');
  const rep =
    devices.rep === 'none'
      ? undefined
      : await openDevice(devices.rep ?? undefined, 'rep').catch((error: unknown) => {
          customer.close();
          throw error;
        });
  const sources = rep ? [rep, customer] : [customer];
  return Object.assign(mergeSources(sources), { devices: sources.map((s) => s.device) });
}
