import type { PageCapture } from '../../../preload/contract.ts';
import workletUrl from './pcm-frames.worklet.ts?worker&url';

/**
 * This PC's sound output: in the desktop app, Electron answers the request with the screen and its audio loopback
 * (main/app/loopback.ts); only the audio is kept.
 */
async function systemOutput(): Promise<MediaStream> {
  const stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: true });
  for (const track of stream.getVideoTracks()) {
    track.stop();
    stream.removeTrack(track);
  }
  if (!stream.getAudioTracks().length) throw new Error('The system gave no sound to capture.');
  return stream;
}

/** An input device through Chromium, unprocessed: the recogniser wants the voice as it is. */
function inputDevice(deviceId: string): Promise<MediaStream> {
  const raw = { echoCancellation: false, noiseSuppression: false, autoGainControl: false };
  return navigator.mediaDevices.getUserMedia({ audio: deviceId === 'default' ? raw : { ...raw, deviceId: { exact: deviceId } } });
}

function base64(pcm: Int16Array): string {
  let binary = '';
  const bytes = new Uint8Array(pcm.buffer, pcm.byteOffset, pcm.byteLength);
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/**
 * Captures one channel in the page and sends it to main as 16 kHz frames (`audio.frames`), until the returned stop
 * is called. Nothing is kept: each frame goes out as it is made.
 */
export async function startPageCapture({ channel, device }: PageCapture): Promise<() => void> {
  const id = device.slice('page:'.length);
  const stream = id === 'system' ? await systemOutput() : await inputDevice(id);
  const context = new AudioContext({ sampleRate: 16000 });
  try {
    await context.audioWorklet.addModule(workletUrl);
    const frames = new AudioWorkletNode(context, 'pcm-frames');
    frames.port.onmessage = (event: MessageEvent<Int16Array>) => void window.callcue.audio.frames({ channel, pcm: base64(event.data) });
    // The worklet writes nothing to its output; the destination keeps the graph running.
    context.createMediaStreamSource(stream).connect(frames).connect(context.destination);
  } catch (error) {
    for (const track of stream.getTracks()) track.stop();
    void context.close();
    throw error;
  }
  return () => {
    for (const track of stream.getTracks()) track.stop();
    void context.close();
  };
}
