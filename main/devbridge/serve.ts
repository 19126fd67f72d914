/** `npm run dev:web`: the built renderer plus the real services, for a browser on this machine. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createHeadlessCore } from '../core/headless.ts';
import { errorMessage } from '../base/errors.ts';
import { createRouter } from '../ipc/router.ts';
import { startDevBridge } from './server.ts';

const { values } = parseArgs({ options: { port: { type: 'string', default: '5199' } } });
try {
  const core = createHeadlessCore(process.env, { teamLink: true });
  const bridge = await startDevBridge({
    dispatch: createRouter(core.handlers, (channel, error) => {
      console.error(`[${channel}] ${errorMessage(error)}`);
      core.log.error(channel, error);
    }),
    staticDir: path.join(core.paths.appRoot, '.vite', 'renderer', 'main_window'),
    port: Number(values.port),
    onClose: (id) => core.hub.detach(id),
  });
  console.log(`CallCue dev bridge: open ${bridge.url} (Ctrl+C to stop)`);
  process.once('SIGINT', () => void bridge.close().then(() => process.exit(0)));
} catch (error) {
  console.error(`dev:web: ${errorMessage(error)}`);
  process.exit(2);
}
