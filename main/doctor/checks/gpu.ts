import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { Check } from '../check.ts';
import { msg } from '../check.ts';

export type GpuBackend = 'cuda' | 'vulkan' | 'metal';

function run(cmd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 5000 }, (error, stdout) => resolve(error ? null : stdout.trim()));
  });
}

const vulkanLoaders: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', '/usr/lib/aarch64-linux-gnu/libvulkan.so.1', '/usr/lib64/libvulkan.so.1'],
  win32: [`${process.env.SystemRoot ?? 'C:\\Windows'}\\System32\\vulkan-1.dll`],
};

/** A Vulkan loader alone is not a GPU: on Linux a hardware driver (ICD) must be installed too; Mesa's CPU rasteriser does not count. */
function hasVulkanGpu(): boolean {
  if (!(vulkanLoaders[process.platform] ?? []).some((f) => fs.existsSync(f))) return false;
  if (process.platform !== 'linux') return true;
  const icds = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d'].flatMap((dir) => (fs.existsSync(dir) ? fs.readdirSync(dir) : []));
  return icds.some((name) => name.endsWith('.json') && !name.startsWith('lvp_'));
}

/** What GPU back-ends this machine offers Whisper: NVIDIA's driver for CUDA, a Vulkan loader, Metal on Apple Silicon. */
export async function detectGpuBackends(): Promise<{ backends: GpuBackend[]; devices: string[] }> {
  const backends: GpuBackend[] = [];
  const devices: string[] = [];
  if (process.platform === 'darwin' && process.arch === 'arm64') {
    backends.push('metal');
    devices.push('Apple Silicon GPU');
  }
  const nvidia = await run('nvidia-smi', ['--query-gpu=name', '--format=csv,noheader']);
  if (nvidia) {
    backends.push('cuda');
    devices.push(...nvidia.split('\n').map((s) => s.trim()).filter(Boolean));
  }
  if (hasVulkanGpu()) backends.push('vulkan');
  return { backends, devices };
}

export const gpuCheck: Check = async () => {
  const { backends, devices } = await detectGpuBackends();
  if (backends.length === 0) {
    return { id: 'gpu', status: 'warn', found: 'none: Whisper runs on the CPU', foundMessage: msg('doctor.found.cpuOnly'), hint: msg('doctor.hint.cpuOnly'), details: { backends, devices } };
  }
  return { id: 'gpu', status: 'ok', found: `${backends.join(', ')}${devices.length ? ` (${devices.join('; ')})` : ''}`, details: { backends, devices } };
};
