import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const electron = { name: 'electron', message: 'Services get Electron APIs through their constructors; only main/app/ imports electron.' };
const noRenderer = { regex: '(^|/)renderer/', message: 'Main-process code may not import the renderer.' };
/** A call is put together in one place: main/call/ (openCallPipeline, openHearing); everyone else opens one there. */
const oneAssembly = { regex: '(^|/)(asr/listener|call/session)\\.ts$', message: 'Open a call with openCallPipeline or openHearing (main/call/); the listener and the session are assembled there only.' };
/** Our own folders only (relative imports): `@mastra/core` is a package, `../core/` is the composition layer. */
const above = (dirs, message) => ({ regex: `^(\\.\\.?/)+(${dirs.join('|')})/`, message });
const rule = (patterns, paths = [electron]) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });

/**
 * The ladder, bottom to top: main/base/ (imports nothing of ours) <- services <- main/core/ (composes them) <- the
 * front doors (app/, cli/, devbridge/). The renderer reaches the services only through the IPC contract; only
 * main/app/ touches Electron.
 */
const services = ['asr', 'assist', 'audio', 'brain', 'call', 'campaign', 'config', 'export', 'ipc', 'log', 'settings', 'store', 'team', 'telephony', 'tts'];
const frontDoors = ['app', 'cli', 'devbridge'];
const boundaries = [
  {
    files: ['renderer/**'],
    rules: rule(
      [
        { regex: '(^|/)main/', message: 'The renderer may not import main-process code; use the IPC contract (preload/contract.ts).' },
        { regex: '^node:', message: 'The renderer runs sandboxed, without Node.' },
      ],
      [{ name: 'electron', message: 'The renderer talks to main through window.callcue only.' }],
    ),
  },
  { files: ['main/base/**'], rules: rule([noRenderer, { regex: '^\\.\\./(?!\\.\\./)', message: 'main/base/ is the floor: it imports nothing of ours.' }]) },
  {
    files: services.map((d) => `main/${d}/**`),
    ignores: ['main/call/**'],
    rules: rule([noRenderer, oneAssembly, above(['core', 'doctor', ...frontDoors], 'Services sit below core/ and the front doors and do not use doctor/: move what they share down to base/ or into the service that owns it.')]),
  },
  { files: ['main/call/**'], rules: rule([noRenderer, above(['core', 'doctor', ...frontDoors], 'The call pipeline is a service: it sits below core/ and the front doors.')]) },
  { files: ['main/doctor/**'], rules: rule([noRenderer, oneAssembly, above(['core', ...frontDoors], 'The doctor checks services; core/ and the front doors sit above it.')]) },
  { files: ['main/core/**'], rules: rule([noRenderer, oneAssembly, above(frontDoors, 'core/ composes the services; the front doors sit above it.')]) },
  { files: ['main/cli/**', 'main/devbridge/**', 'native/**'], rules: rule([noRenderer, oneAssembly]) },
  { files: ['main/app/**'], rules: rule([noRenderer, oneAssembly], []) },
  {
    files: ['preload/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)(main|renderer)/', message: 'Preload holds the contract and the bridge only.' }] }],
    },
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', '.vite/', 'out/', 'test/artifacts/', 'models/', 'native/build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['renderer/**/*.tsx', 'renderer/**/*.ts'], plugins: { 'react-hooks': reactHooks }, rules: reactHooks.configs.recommended.rules },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  ...boundaries,
);
