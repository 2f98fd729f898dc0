import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { nativeMissing } from '../../deps/backend.ts';
import { dockerEndpoint, dockerEngineAnswers } from '../../deps/docker-engine.ts';
import { imageFor } from '../../deps/images.ts';
import { providerOf } from '../../deps/providers.ts';
import { dependencyKinds } from '../../modules.ts';
import { paint, say, warn } from '../output.ts';

/**
 * Gets the servers ready: pulls images when a Docker engine answers; otherwise finds the native
 * binaries, installs them with apt-get when it may (root on Debian/Ubuntu), and warms what each
 * provider caches (PostgreSQL's template: the first test run then starts in ~0.2 s, not ~1 s).
 */
export async function setupCommand(): Promise<number> {
  const kinds = await dependencyKinds();
  let ready = false;

  if (await dockerEngineAnswers()) {
    say(`Docker answers at ${dockerEndpoint()}: pulling images.`);
    const pulled = [...kinds].every((kind) => pullImage(imageFor(kind)));
    if (pulled) ready = true;
    else warn('Some images could not be pulled (no registry reachable?). Checking the native servers as well.');
  } else {
    say(`No Docker engine answers at ${dockerEndpoint()}: using native servers.`);
  }

  let nativeReady = true;
  for (const kind of kinds) {
    const missing = nativeMissing(kind);
    if (!missing) {
      say(`${paint('green', '✓')} native ${kind} found`);
      continue;
    }
    if (canAptInstall()) {
      const { debian } = providerOf(kind).packages;
      say(`Installing ${debian} with apt-get (running as root)…`);
      const result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', debian], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
      if (result.status === 0 && !nativeMissing(kind)) {
        say(`${paint('green', '✓')} installed ${debian}`);
        continue;
      }
    }
    nativeReady = false;
    say(`${paint('red', '✗')} native ${kind}: ${missing.missing}. Run: ${paint('bold', missing.install)}`);
  }

  if (nativeReady) {
    for (const kind of kinds) {
      const warmUp = providerOf(kind).warmUp;
      if (warmUp) say(`${paint('green', '✓')} ${await warmUp()}`);
    }
    ready = true;
  }

  say(ready ? paint('green', '\nReady. Next: `npx wb test 01-rest-api`.') : paint('red', '\nNot ready: run the command above, or start Docker, then `npm run setup` again.'));
  return ready ? 0 : 1;
}

function pullImage(image: string): boolean {
  const result = spawnSync('docker', ['pull', image], { stdio: 'inherit' });
  if (result.status === 0) say(`${paint('green', '✓')} pulled ${image}`);
  return result.status === 0;
}

function canAptInstall(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}
