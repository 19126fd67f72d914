/**
 * Captures one input device with node-web-audio-api and sends its PCM to the parent. Its own process: without a
 * sound server, opening a device aborts the process (exit 134), which must not be the app's.
 */
import { AudioContext, mediaDevices } from 'node-web-audio-api';

const wanted = process.argv[2] ?? '';
const send = (message: unknown) => process.send?.(message);

const devices = (await mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput');
// The null ALSA device ("Discard all samples") reads silence: never pick it by default.
const device =
  devices.find((d) => d.deviceId === wanted || (wanted && d.label.includes(wanted))) ??
  (wanted ? undefined : (devices.find((d) => /pulseaudio sound server/i.test(d.label)) ?? devices.find((d) => !/discard all samples/i.test(d.label))));
if (!device) {
  send({ type: 'error', code: 'no_device', message: wanted ? `No microphone matches "${wanted}" (found: ${devices.map((d) => d.label).join('; ') || 'none'}).` : 'No microphone found.' });
  process.exit(3);
}
const stream = await mediaDevices.getUserMedia({ audio: { deviceId: device.deviceId } });
// 'interactive': with 'playback' the PulseAudio capture drops and repeats blocks (a 1 kHz tone came back at ~400 Hz with gaps).
const context = new AudioContext({ latencyHint: 'interactive' });
const processor = context.createScriptProcessor(2048, 1, 1);
processor.onaudioprocess = (event) => send({ type: 'pcm', samples: Float32Array.from(event.inputBuffer.getChannelData(0)) });
context.createMediaStreamSource(stream).connect(processor);
processor.connect(context.destination);
send({ type: 'ready', sampleRate: context.sampleRate, device: device.label });
process.on('disconnect', () => void context.close().then(() => process.exit(0)));
