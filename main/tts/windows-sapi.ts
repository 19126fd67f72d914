import { execFile } from 'node:child_process';
import { CallcueError } from '../base/errors.ts';
import type { TtsEngine } from './index.ts';
import { readWav } from './wav.ts';

/**
 * Windows' own voices through System.Speech (SAPI 5) in PowerShell, written to a memory stream and sent back as
 * base64: no file. The text goes in through an environment variable, never through the command line.
 */
const SCRIPT = `Add-Type -AssemblyName System.Speech
$s = New-Object System.Speech.Synthesis.SpeechSynthesizer
$culture = New-Object System.Globalization.CultureInfo($env:CALLCUE_TTS_CULTURE)
$v = $s.GetInstalledVoices($culture) | Select-Object -First 1
if ($v) { $s.SelectVoice($v.VoiceInfo.Name) }
$s.Rate = [int]$env:CALLCUE_TTS_RATE
$s.Volume = [int]$env:CALLCUE_TTS_VOLUME
$m = New-Object System.IO.MemoryStream
$f = New-Object System.Speech.AudioFormat.SpeechAudioFormatInfo(22050, [System.Speech.AudioFormat.AudioBitsPerSample]::Sixteen, [System.Speech.AudioFormat.AudioChannel]::Mono)
$s.SetOutputToAudioStream($m, $f)
$p = New-Object System.Speech.Synthesis.PromptBuilder
$p.StartStyle((New-Object System.Speech.Synthesis.PromptStyle))
$p.AppendSsmlMarkup('<prosody pitch="' + $env:CALLCUE_TTS_PITCH + '">' + [System.Security.SecurityElement]::Escape($env:CALLCUE_TTS_TEXT) + '</prosody>')
$p.EndStyle()
$s.Speak($p)
[Console]::Out.Write([Convert]::ToBase64String($m.ToArray()))`;

function riff(pcm: Buffer, sampleRate: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}

export const windowsVoice: TtsEngine = {
  name: 'Windows SAPI',
  speak: (text, language, voice) =>
    new Promise((resolve, reject) => {
      const env = {
        ...process.env,
        CALLCUE_TTS_TEXT: text,
        CALLCUE_TTS_CULTURE: language === 'zh-CN' ? 'zh-CN' : 'en-US',
        // SAPI rate is -10..10 around normal; volume 0-100; pitch as SSML relative change.
        CALLCUE_TTS_RATE: String(Math.round(Math.log2(voice.rate) * 10)),
        CALLCUE_TTS_VOLUME: String(Math.round(voice.volume * 100)),
        CALLCUE_TTS_PITCH: `${voice.pitch >= 0 ? '+' : ''}${Math.round(voice.pitch * 50)}%`,
      };
      execFile('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', SCRIPT], { env, maxBuffer: 64 * 2 ** 20, timeout: 30_000 }, (error, stdout) => {
        if (error) return reject(new CallcueError('tts_failed', `Windows speech failed: ${error.message}`));
        // SetOutputToAudioStream writes raw PCM in the format asked for.
        resolve(readWav(riff(Buffer.from(stdout.trim(), 'base64'), 22050), 'Windows speech'));
      });
    }),
};
