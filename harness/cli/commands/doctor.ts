import { backendSetting, chooseBackend, missingImage, nativeMissing } from '../../deps/backend.ts';
import { readDepsState } from '../../deps/deps-state.ts';
import { dockerEndpoint, dockerEngineAnswers } from '../../deps/docker-engine.ts';
import { imageFor } from '../../deps/images.ts';
import { providerOf } from '../../deps/providers.ts';
import { isWorkbenchError } from '../../errors.ts';
import type { DependencyKind } from '../../manifest.ts';
import { dependencyKinds } from '../../modules.ts';
import { paint, say } from '../output.ts';

interface Check {
  /** false: missing and needed; 'optional': missing, but something else covers it. */
  readonly ok: boolean | 'optional';
  readonly label: string;
  readonly detail: string;
  /** What to run or do when it is not ok. */
  readonly fix?: string;
}

/** What the machine has, which backend `auto` would pick, and the fix for each missing piece. */
export async function doctorCommand(): Promise<number> {
  const checks: Check[] = [];
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  checks.push({ ok: major > 22 || (major === 22 && minor >= 12), label: 'Node', detail: process.versions.node, fix: 'install Node 22.12 or newer' });

  const kinds = await dependencyKinds();
  const engine = await dockerEngineAnswers();
  const noImage = engine ? await missingImage(kinds) : undefined;
  const docker = engine && !noImage;
  const nativeComplete = kinds.every((kind) => !nativeMissing(kind));
  const images = kinds.map((kind) => imageFor(kind)).join(', ');
  checks.push({
    ok: docker || (nativeComplete ? 'optional' : false),
    label: 'Docker engine',
    detail: !engine
      ? `no answer at ${dockerEndpoint()}${nativeComplete ? ' (optional: the native servers are installed)' : ''}`
      : noImage
        ? `answers at ${dockerEndpoint()}, but has no image ${noImage.image} and cannot pull it (${noImage.reason})`
        : `answers at ${dockerEndpoint()}; images: ${images}`,
    fix: noImage ? `pull or build ${noImage.image} (${noImage.variable} names another image)` : 'start Docker (or set DOCKER_HOST) to use the containers backend',
  });
  for (const kind of kinds) {
    const missing = nativeMissing(kind);
    checks.push({
      ok: !missing || (docker ? 'optional' : false),
      label: `native ${kind}`,
      detail: missing ? missing.missing : providerOf(kind).nativeFound(),
      ...(missing ? { fix: `${missing.install}${docker ? ' (or keep using Docker)' : ''}` } : {}),
    });
  }

  // What the user set, as they set it: a bad value must be shown, not replaced by the default.
  let setting = process.env.WB_DEPS?.trim() || 'auto';
  try {
    setting = backendSetting();
    const choice = await chooseBackend(kinds);
    checks.push({ ok: true, label: 'backend', detail: `WB_DEPS=${setting} → ${choice.backend} (${choice.reason})` });
  } catch (error) {
    checks.push({ ok: false, label: 'backend', detail: `WB_DEPS=${setting}: none usable`, fix: isWorkbenchError(error) ? error.message : String(error) });
  }

  const state = readDepsState();
  for (const kind of Object.keys(state?.infos ?? {}) as DependencyKind[]) {
    const info = state!.infos[kind]!;
    const alive = await providerOf(kind).ping(info);
    checks.push({ ok: Boolean(alive), label: 'wb deps up', detail: alive ? `${kind} running at ${info.host}:${info.port} (${state!.backend})` : `${kind} recorded, but not answering`, fix: 'run `npx wb deps down`, then `npx wb deps up`' });
  }

  for (const check of checks) {
    const mark = check.ok === true ? paint('green', '✓') : check.ok === 'optional' ? paint('yellow', '○') : paint('red', '✗');
    say(`${mark} ${check.label.padEnd(16)} ${check.detail}`);
    if (check.ok !== true && check.fix) say(`  ${paint('yellow', check.ok === 'optional' ? 'to enable:' : 'fix:')} ${check.fix}`);
  }
  const blocking = checks.filter((check) => check.ok === false && (check.label === 'Node' || check.label === 'backend'));
  say(blocking.length === 0 ? paint('green', '\nReady: `npx wb test 01-rest-api` grades your code.') : paint('red', '\nNot ready: fix the lines marked ✗ above.'));
  return blocking.length === 0 ? 0 : 1;
}
