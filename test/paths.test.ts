import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../main/base/paths.ts';

describe('data folder', () => {
  it('CALLCUE_DATA_DIR overrides it everywhere', () => {
    expect(defaultDataDir({ CALLCUE_DATA_DIR: 'rel/dir' }, 'win32')).toBe(path.resolve('rel/dir'));
  });
  it('is the per-user app data folder of each OS', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\rep\\AppData\\Roaming' }, 'win32')).toBe(path.join('C:\\Users\\rep\\AppData\\Roaming', 'CallCue'));
    expect(defaultDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/CallCue$/);
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'linux')).toBe('/x/CallCue');
  });
});
