import type { ForgeConfig } from '@electron-forge/shared-types';
import { MakerSquirrel } from '@electron-forge/maker-squirrel';
import { MakerZIP } from '@electron-forge/maker-zip';
import { VitePlugin } from '@electron-forge/plugin-vite';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { packageFilter } from './native/modules.ts';

const config: ForgeConfig = {
  packagerConfig: {
    name: 'CallCue',
    executableName: 'callcue',
    appBundleId: 'com.callcue.desktop',
    // Native binaries cannot load from inside an asar archive.
    asar: { unpack: '**/*.node' },
    ignore: packageFilter(import.meta.dirname),
    // Plugins, training data and sample calls, outside the asar so IT can add business lines.
    extraResource: ['resources'],
  },
  // Every native module ships N-API prebuilds that load in Electron as they are: nothing to rebuild.
  rebuildConfig: { onlyModules: [] },
  makers: [new MakerSquirrel({ name: 'CallCue' }), new MakerZIP({}, ['darwin', 'win32', 'linux'])],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'main/app/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'main/audio/probe-devices.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'main/asr/whisper-worker.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'main/asr/sensevoice-worker.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'main/store/store-worker.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'main/export/xlsx-worker.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'main/tts/voice-worker.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'preload/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    }),
  ],
};

export default config;
