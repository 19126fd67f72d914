import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const noRenderer = { regex: '(^|/)renderer/', message: 'Main-process code may not import the renderer.' };
/** A call is put together in one place: main/call/ (openCallPipeline, openHearing); everyone else opens one there. */
const oneAssembly = { regex: '(^|/)(asr/listener|call/session)\\.ts$', message: 'Open a call with openCallPipeline or openHearing (main/call/); the listener and the session are assembled there only.' };

/** Process boundaries: the renderer reaches the services only through the IPC contract; only main/app/ touches Electron. */
const boundaries = [
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to main through window.callcue only.' }],
        patterns: [
          { regex: '(^|/)main/', message: 'The renderer may not import main-process code; use the IPC contract (preload/contract.ts).' },
          { regex: '^node:', message: 'The renderer runs sandboxed, without Node.' },
        ],
      }],
    },
  },
  {
    files: ['main/**', 'native/**'],
    ignores: ['main/app/**', 'main/call/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Services get Electron APIs through their constructors; only main/app/ imports electron.' }],
        patterns: [noRenderer, oneAssembly],
      }],
    },
  },
  {
    files: ['main/app/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noRenderer, oneAssembly] }] },
  },
  {
    files: ['main/call/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'Services get Electron APIs through their constructors; only main/app/ imports electron.' }],
        patterns: [noRenderer],
      }],
    },
  },
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
