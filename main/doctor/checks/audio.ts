import type { Check } from '../check.ts';
import { msg } from '../check.ts';
import { errorMessage } from '../../base/errors.ts';

export const audioCheck: Check = async ({ probeAudio }) => {
  try {
    const devices = await probeAudio();
    const inputs = devices.filter((d) => d.kind === 'audioinput');
    const outputs = devices.filter((d) => d.kind === 'audiooutput');
    const found = `${inputs.length} input(s), ${outputs.length} output(s)${inputs[0] ? `; default input: ${inputs[0].label}` : ''}`;
    const counts = { inputs: String(inputs.length), outputs: String(outputs.length) };
    return {
      id: 'audio',
      status: inputs.length > 0 ? 'ok' : 'warn',
      found,
      foundMessage: inputs[0] ? msg('doctor.found.devicesWithDefault', { ...counts, device: inputs[0].label }) : msg('doctor.found.devices', counts),
      hint: inputs.length > 0 ? undefined : msg('doctor.hint.noMicrophone'),
      details: { devices },
    };
  } catch (error) {
    return { id: 'audio', status: 'warn', found: errorMessage(error), hint: msg('doctor.hint.audioBackend'), details: {} };
  }
};
