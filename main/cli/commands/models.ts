import fs from 'node:fs';
import path from 'node:path';
import { catalog, downloadModel, downloadSenseVoice, findSenseVoice, listModels, senseVoice, type CatalogModel } from '../../asr/models/catalog.ts';
import { convertCt2ToGgml } from '../../asr/models/ct2.ts';
import { checkModelFile } from '../../asr/models/ggml.ts';
import { CallcueError } from '../../base/errors.ts';
import { sha256File } from '../../base/hash.ts';
import { findModel } from '../../asr/models/find.ts';
import type { Command } from '../command.ts';
import { checkFileName } from '../../base/names.ts';
import { progressBar } from '../progress.ts';
import { formatTable } from '../table.ts';

const isCatalog = (name: string): name is CatalogModel => name in catalog;

/** `callcue models list|download NAME|verify [FILE]|use NAME|FILE|import DIR`: the speech models on this PC (Whisper's, and SenseVoice). */
export const modelsCommand: Command = {
  name: 'models',
  usage: 'models list | download tiny|base|small|sensevoice [--sha256 HEX] | verify [NAME|FILE] | use NAME|FILE | import FASTER_WHISPER_DIR [--name NAME]',
  summary: 'List, download (verified, resumable, from mirrors), check, choose and import speech models',
  options: { sha256: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } },
  maxArgs: 2,
  async run({ core, io, options, args }) {
    const [action = 'list', target] = args;
    const dir = core.paths.modelsDir;
    const fileFor = (name: string) => (isCatalog(name) ? path.join(dir, catalog[name].file) : path.resolve(name));
    switch (action) {
      case 'list': {
        const active = await findModel(io.env, dir);
        const known = listModels(dir);
        // Catalog models first, then any other ggml file someone put in the folder.
        const others = (fs.existsSync(dir) ? fs.readdirSync(dir) : []).filter((f) => /^ggml-.*\.bin$/.test(f) && !known.some((m) => path.basename(m.file) === f));
        const sv = findSenseVoice(io.env, dir) !== null;
        const rows = [
          ...known.map((m) => [m.file === active ? '▶' : ' ', m.name, m.installed ? 'installed' : 'not installed', m.installed ? `${m.mb} MB` : `(${m.mb} MB)`, m.note]),
          ...others.map((f) => [path.join(dir, f) === active ? '▶' : ' ', f, 'installed', `${Math.round(fs.statSync(path.join(dir, f)).size / 2 ** 20)} MB`, '']),
          // Not a Whisper model to "use": calls in Chinese take it when it is installed (the zhRecogniser setting).
          [' ', senseVoice.name, sv ? 'installed' : 'not installed', sv ? `${senseVoice.mb} MB` : `(${senseVoice.mb} MB)`, senseVoice.note],
        ];
        io.stdout(`${formatTable([' ', 'model', 'status', 'size', ''], rows)}\n\nfolder: ${dir}${active ? `\nin use: ${active}` : ''}`);
        return 0;
      }
      case 'download': {
        const mirrorFailed = (line: string) => io.stderr(line);
        if (target === senseVoice.name) {
          const bars: Record<string, ReturnType<typeof progressBar>> = {};
          const result = await downloadSenseVoice(dir, { env: io.env, onMirrorFailed: mirrorFailed, onProgress: (file, { received, total }) => (bars[file] ??= progressBar(`${target} ${file}`, (t) => io.stderr(t.replace(/\n$/, ''))))(received, total) });
          io.stdout(`${result.dir}\n${result.files.map((f) => `  ${f.name} (sha256 ${f.sha256}, ${f.mirror})`).join('\n')}`);
          return 0;
        }
        if (!target || !isCatalog(target)) throw new CallcueError('usage', `Which model? One of ${[...Object.keys(catalog), senseVoice.name].join(', ')}.`);
        const bar = progressBar(`${target}`, (t) => io.stderr(t.replace(/\n$/, '')));
        const { path: file, sha256 } = await downloadModel(target, dir, { env: io.env, sha256: options.sha256 as string | undefined, onMirrorFailed: mirrorFailed, onProgress: ({ received, total }) => bar(received, total) });
        io.stdout(`${file} (sha256 ${sha256})`);
        return 0;
      }
      case 'verify': {
        const file = target ? fileFor(target) : await findModel(io.env, dir);
        if (!file) throw new CallcueError('no_model', `No Whisper model in ${dir}.`);
        const h = checkModelFile(file);
        const actual = await sha256File(file);
        const sidecar = `${file}.sha256`;
        const expected = fs.existsSync(sidecar) ? fs.readFileSync(sidecar, 'utf8').split(/\s/)[0] : undefined;
        if (expected && expected !== actual) throw new CallcueError('checksum_mismatch', `${file} is damaged: sha256 ${actual}, recorded ${expected}. Download it again.`);
        io.stdout(`${file}: ok, ${h.n_audio_layer} encoder layers, ${h.n_audio_state} wide, sha256 ${actual}${expected ? ' (matches the download)' : ''}`);
        return 0;
      }
      case 'use': {
        if (!target) throw new CallcueError('usage', 'Which model? callcue models use base | PATH');
        const file = fileFor(target);
        checkModelFile(file);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, '.active'), `${file}\n`);
        io.stdout(`Whisper model in use: ${file}`);
        return 0;
      }
      case 'import': {
        if (!target) throw new CallcueError('usage', 'Which folder? callcue models import FASTER_WHISPER_DIR (with model.bin and vocabulary.txt)');
        const out = path.join(dir, `ggml-${checkFileName(typeof options.name === 'string' ? options.name : path.basename(path.resolve(target)), '--name')}.bin`);
        const [modelBin, vocabulary] = ['model.bin', 'vocabulary.txt'].map((f) => path.join(target, f));
        for (const f of [modelBin, vocabulary]) if (!fs.existsSync(f!)) throw new CallcueError('bad_model', `${target} is not a faster-whisper model folder: ${path.basename(f!)} is missing.`);
        fs.mkdirSync(dir, { recursive: true });
        const h = convertCt2ToGgml(modelBin!, vocabulary!, `${out}.part`);
        fs.renameSync(`${out}.part`, out);
        io.stdout(`${out}: converted (${h.n_audio_layer} layers, ${h.n_audio_state} wide)`);
        return 0;
      }
      default:
        throw new CallcueError('usage', `Unknown models action "${action}". Usage: callcue ${modelsCommand.usage}`);
    }
  },
};
