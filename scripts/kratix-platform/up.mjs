// yarn platform:up: builds (once per version) and starts the real platform in the foreground,
// until Ctrl-C. Prints where its platform.json, kubeconfig and logs are.
import { buildPlatform, goAvailable } from './build.mjs';
import { startPlatform } from './start.mjs';

if (!goAvailable()) {
  console.error('kratix-platform: Go is not on PATH; install Go 1.24 or newer');
  process.exit(1);
}
const build = buildPlatform();
const platform = await startPlatform(build);
console.log(
  `kratix-platform: kubectl --kubeconfig ${platform.info.adminKubeconfig} get promises`,
);
console.log(
  `kratix-platform: logs in ${platform.dir}/logs; Ctrl-C stops the platform`,
);
const stop = async () => {
  await platform.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
