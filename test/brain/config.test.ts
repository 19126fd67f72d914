import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BrainRegistry } from '../../main/brain/index.ts';
import { loadTrainingFile } from '../../main/brain/nlu/data.ts';
import { loadPlugin, loadPlugins } from '../../main/brain/plugins/loader.ts';
import { repoRoot } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const source = path.join(repoRoot, 'resources', 'plugins', 'insurance');

/** A copy of the insurance plugin with one file changed. */
function brokenPlugin(file: string, edit: (text: string) => string, root = tempDir()): string {
  const dir = path.join(root, 'insurance');
  fs.cpSync(source, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, file), edit(fs.readFileSync(path.join(dir, file), 'utf8')));
  return dir;
}

function lineOf(file: string, needle: string): number {
  return fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('plugin and playbook validation', () => {
  it('loads the shipped plugins', () => {
    const { plugins, errors } = loadPlugins(path.join(repoRoot, 'resources', 'plugins'));
    expect(errors).toEqual([]);
    expect([...plugins.keys()].sort()).toEqual(['appliances', 'insurance']);
  });

  it('points at the line of an unknown state', () => {
    const dir = brokenPlugin('playbook.yaml', (t) => t.replace('      affirm: needs\n      deny: needs', '      affirm: neds\n      deny: needs'));
    const file = path.join(dir, 'playbook.yaml');
    expect(() => loadPlugin(dir)).toThrow(new RegExp(`^${file}:${lineOf(file, 'affirm: neds')}:\\d+: .*states\\.product_intro\\.on\\.affirm`));
  });

  it('refuses a playbook that routes a compliance intent', () => {
    const dir = brokenPlugin('playbook.yaml', (t) => t.replace('  ready_to_buy: closing\n', '  ready_to_buy: closing\n  opt_out: closing\n'));
    const file = path.join(dir, 'playbook.yaml');
    expect(() => loadPlugin(dir)).toThrow(new RegExp(`${file}:${lineOf(file, 'opt_out: closing')}:\\d+: "opt_out" is handled by CallCue's compliance rules`));
  });

  it('reports YAML syntax errors with their line', () => {
    const dir = brokenPlugin('cards.yaml', (t) => t.replace('objection_timing:', 'objection_timing: [unclosed'));
    expect(() => loadPlugin(dir)).toThrow(/cards\.yaml:\d+:\d+: /);
  });

  it('reports a missing translation', () => {
    const dir = brokenPlugin('plugin.yaml', (t) => t.replace('title: { en: "Health & accident cover", zh-CN: "健康与意外保障" }', 'title: { en: "Health & accident cover" }'));
    expect(() => loadPlugin(dir)).toThrow(/plugin\.yaml:\d+:\d+: .*title\.zh-CN/);
  });

  it('a bad plugin is skipped with its reason; the others still load', () => {
    const root = tempDir();
    fs.cpSync(path.join(repoRoot, 'resources', 'plugins', 'appliances'), path.join(root, 'appliances'), { recursive: true });
    brokenPlugin('plugin.yaml', (t) => t.replace('version: 1.0.0', 'version: one'), root);
    const { plugins, errors } = loadPlugins(root);
    expect([...plugins.keys()]).toEqual(['appliances']);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/plugin\.yaml:\d+:\d+: version is semver/);
  });

  it('asking for a broken plugin says why', async () => {
    const resources = tempDir();
    fs.mkdirSync(path.join(resources, 'plugins'));
    brokenPlugin('plugin.yaml', (t) => t.replace('id: insurance', 'id: other'), path.join(resources, 'plugins'));
    const registry = new BrainRegistry(resources);
    await expect(async () => registry.brain('insurance')).rejects.toThrow(/could not be loaded: .*must match the folder name/);
    await expect(async () => registry.brain('nope')).rejects.toThrow(/No plugin "nope"/);
  });

  it('reads Rasa and plain training files, with entity annotations', () => {
    const dir = tempDir();
    const rasa = path.join(dir, 'en.yml');
    fs.writeFileSync(rasa, 'version: "3.1"\nnlu:\n- intent: ask_price\n  examples: |\n    - how much is the [health cover](product:health)?\n    - what does [it](product) cost\n- synonym: health\n  examples: |\n    - medical\n');
    expect(loadTrainingFile(rasa, 'en')).toEqual([
      { intent: 'ask_price', text: 'how much is the health cover?', language: 'en', entities: [{ entity: 'product', value: 'health', text: 'health cover' }] },
      { intent: 'ask_price', text: 'what does it cost', language: 'en', entities: [{ entity: 'product', value: 'it', text: 'it' }] },
    ]);
    const plain = path.join(dir, 'zh-CN.yml');
    fs.writeFileSync(plain, 'intents:\n  greet: [你好, 喂]\n');
    expect(loadTrainingFile(plain, 'zh-CN').map((e) => e.text)).toEqual(['你好', '喂']);
    fs.writeFileSync(plain, 'intents:\n  Greet: [你好]\n');
    expect(() => loadTrainingFile(plain, 'zh-CN')).toThrow(/zh-CN\.yml:2:\d+: Intent names are lower_snake_case/);
  });
});
