import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { nativeMissing } from '../../deps/backend.ts';
import { dockerEndpoint, dockerEngineAnswers } from '../../deps/docker-engine.ts';
import { imageFor } from '../../deps/images.ts';
import { providerOf } from '../../deps/providers.ts';
import type { DependencyKind } from '../../manifest.ts';
import { dependencyKinds, listModuleIds, loadModule } from '../../modules.ts';
import { paint, say, warn } from '../output.ts';

/**
 * Gets the servers ready: pulls images when a Docker engine answers; otherwise finds the native
 * binaries (PostgreSQL comes with `npm ci`), installs the missing ones with apt-get when it may
 * (root on Debian/Ubuntu, unless `--no-install`), and warms what each provider caches
 * (PostgreSQL's template: the first test run then starts in ~0.2 s, not ~1 s). It says which
 * modules are ready, and succeeds when the first one is: a learner starts there.
 */
export async function setupCommand(options: { install?: boolean } = {}): Promise<number> {
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

  const nativeReady = new Set<DependencyKind>();
  for (const kind of kinds) {
    const missing = nativeMissing(kind);
    if (!missing) {
      say(`${paint('green', '✓')} native ${kind} found: ${providerOf(kind).nativeFound()}`);
      nativeReady.add(kind);
      continue;
    }
    if (options.install !== false && canAptInstall()) {
      const { debian } = providerOf(kind).packages;
      say(`Installing ${debian} with apt-get (running as root)…`);
      const result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', debian], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
      if (result.status === 0 && !nativeMissing(kind)) {
        say(`${paint('green', '✓')} installed ${debian}`);
        nativeReady.add(kind);
        continue;
      }
    }
    say(`${paint('red', '✗')} native ${kind}: ${missing.missing}. Run: ${paint('bold', missing.install)}, or start Docker`);
  }
  for (const kind of nativeReady) {
    const warmUp = providerOf(kind).warmUp;
    if (warmUp) say(`${paint('green', '✓')} ${await warmUp()}`);
  }

  const modules = await Promise.all(listModuleIds().map((id) => loadModule(id)));
  const usable = modules.filter((manifest) => ready || manifest.dependencies.every((kind) => nativeReady.has(kind)));
  const waiting = modules.filter((manifest) => !usable.includes(manifest));
  say();
  if (usable.length > 0) say(paint('green', `Ready for ${usable.map((manifest) => manifest.id).join(', ')}. Next: \`npx wb\` says where to start.`));
  for (const manifest of waiting) say(paint('yellow', `Not yet for ${manifest.id}: it needs ${manifest.dependencies.filter((kind) => !nativeReady.has(kind)).join(' and ')} (the ✗ line above says how), or Docker.`));
  if (usable.length === 0) say(paint('red', 'Not ready: run the command above, or start Docker, then `npm run setup` again.'));
  return modules[0] && usable.includes(modules[0]) ? 0 : 1;
}

function pullImage(image: string): boolean {
  const result = spawnSync('docker', ['pull', image], { stdio: 'inherit' });
  if (result.status === 0) say(`${paint('green', '✓')} pulled ${image}`);
  return result.status === 0;
}

function canAptInstall(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}
