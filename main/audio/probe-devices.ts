/**
 * Lists audio devices and prints them as one JSON line. Runs as its own process:
 * native audio back-ends can abort the process that loads them when no sound server is there.
 */
import { mediaDevices } from 'node-web-audio-api';

void mediaDevices.enumerateDevices().then((devices) => {
  process.stdout.write(`${JSON.stringify(devices.map(({ kind, label, deviceId }) => ({ kind, label, deviceId })))}\n`);
  process.exit(0);
});
