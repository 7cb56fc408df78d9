import module from 'node:module';
import { runSandboxServer } from './sandbox-process.ts';

// Entry point of the detached shared-sandbox process (started by sandbox-process.ts): `node sandbox-server <home>`.
module.enableCompileCache?.();
const home = process.argv[2];
if (!home) {
  process.stderr.write('usage: sandbox-server <HEYGATE_HOME>\n');
  process.exitCode = 2;
} else {
  await runSandboxServer(home, process.env);
}
