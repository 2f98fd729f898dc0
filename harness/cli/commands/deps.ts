import { serversAnswer } from '../../deps/acquire-dependencies.ts';
import { backendSetting, chooseBackend } from '../../deps/backend.ts';
import { clearDepsState, readDepsState, writeDepsState } from '../../deps/deps-state.ts';
import { images } from '../../deps/images.ts';
import { providerOf } from '../../deps/providers.ts';
import { describeResource, listOwned, reapOrphans, releaseResource } from '../../deps/process/owned-resources.ts';
import { startDependency } from '../../deps/start-dependency.ts';
import type { DependencyInfos } from '../../deps/types.ts';
import { WorkbenchError } from '../../errors.ts';
import type { DependencyKind } from '../../manifest.ts';
import { dependencyKinds } from '../../modules.ts';
import { paint, say } from '../output.ts';

/**
 * `wb deps up` starts every server the track needs and leaves it running, so each test run
 * skips the start-up; `down` stops them; `status` says what runs.
 */
export async function depsCommand(action: string | undefined): Promise<number> {
  switch (action) {
    case 'up':
      return depsUp();
    case 'down':
      return depsDown();
    case 'status':
    case undefined:
      return depsStatus();
    case 'kinds':
      return depsKinds();
    default:
      throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: `Unknown action 'deps ${action}': use deps up, deps down, deps status or deps kinds.` });
  }
}

async function depsUp(): Promise<number> {
  for (const line of await reapOrphans()) say(paint('dim', line));
  const kinds = await dependencyKinds();
  const existing = readDepsState();
  if (existing && (await serversAnswer(existing.infos, kinds))) {
    const where = kinds.map((kind) => `${kind} at ${existing.infos[kind]!.host}:${existing.infos[kind]!.port}`).join(', ');
    say(`Already up: ${where} (${existing.backend}). \`npx wb deps down\` stops ${kinds.length === 1 ? 'it' : 'them'}.`);
    return 0;
  }
  const choice = await chooseBackend(kinds, backendSetting());
  const infos: DependencyInfos = {};
  for (const kind of kinds) {
    const started = performance.now();
    const server = await startDependency(kind, { backend: choice.backend, persistent: true });
    Object.assign(infos, { [kind]: server.info });
    say(`${paint('green', '✓')} ${kind}: ${server.info.serverVersion} at ${server.info.host}:${server.info.port} (${choice.backend}, ${Math.round(performance.now() - started)} ms)`);
  }
  writeDepsState({ backend: choice.backend, startedAt: new Date().toISOString(), infos });
  say(paint('dim', 'Test runs reuse these until `npx wb deps down`.'));
  return 0;
}

/**
 * One line per kind of server the modules use: the kind, its Debian package, and the variable
 * that names its container image. For scripts (.ci/run installs and builds from it), so plain.
 */
async function depsKinds(): Promise<number> {
  for (const kind of await dependencyKinds()) console.log(`${kind} ${providerOf(kind).packages.debian} ${images[kind].env}`);
  return 0;
}

async function depsDown(): Promise<number> {
  const state = readDepsState();
  const ids = new Set(Object.values(state?.infos ?? {}).map((info) => info.resourceId));
  const persistent = listOwned().filter((resource) => resource.ownerPid === null || ids.has(resource.id));
  let kept = 0;
  for (const resource of persistent) {
    const outcome = await releaseResource(resource);
    if (outcome.released) say(`${paint('green', '✓')} stopped ${describeResource(resource)}${resource.backend === 'containers' ? ' and removed its container' : ''}`);
    else {
      kept++;
      say(`${paint('red', '✗')} could not stop ${describeResource(resource)}: ${outcome.why}.`);
    }
  }
  for (const line of await reapOrphans()) say(paint('dim', line));
  if (kept === 0) clearDepsState();
  if (persistent.length === 0) say('Nothing was up.');
  return kept === 0 ? 0 : 1;
}

async function depsStatus(): Promise<number> {
  const state = readDepsState();
  const kinds = Object.keys(state?.infos ?? {}) as DependencyKind[];
  if (!state || kinds.length === 0) {
    say('No dependencies are kept up. `npx wb deps up` starts them; test runs start their own otherwise.');
    return 0;
  }
  let down = 0;
  for (const kind of kinds) {
    const info = state.infos[kind]!;
    const alive = await providerOf(kind).ping(info);
    if (!alive) down++;
    say(`${alive ? paint('green', '✓ up') : paint('red', '✗ down')}  ${kind} ${alive ?? ''} at ${info.host}:${info.port} (${state.backend}, since ${new Date(state.startedAt).toLocaleString()})`);
  }
  return down === 0 ? 0 : 1;
}

