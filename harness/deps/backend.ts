import { WorkbenchError } from '../errors.ts';
import type { DependencyKind } from '../manifest.ts';
import type { ImageAvailability } from './containers/image-availability.ts';
import { dockerEndpoint, dockerEngineAnswers } from './docker-engine.ts';
import { imageFor, images } from './images.ts';
import { providerOf } from './providers.ts';
import type { Backend } from './types.ts';

export type BackendSetting = 'auto' | Backend;

export function backendSetting(value = process.env.WB_DEPS): BackendSetting {
  const setting = (value?.trim() || 'auto').toLowerCase();
  if (setting === 'auto' || setting === 'native' || setting === 'containers') return setting;
  throw new WorkbenchError('WB_ERR_DEPS_BACKEND_INVALID', { value: value ?? '' });
}

export interface BackendChoice {
  readonly backend: Backend;
  /** Why, in a few words, for the run's header: "a Docker engine answers at unix:///…". */
  readonly reason: string;
}

/** What is missing for the native backend of each kind, or undefined when it is there. */
export function nativeMissing(kind: DependencyKind): { missing: string; install: string } | undefined {
  return providerOf(kind).nativeMissing();
}

/** The first kind whose image the engine can neither find nor pull, why, and the variable that names another. */
export async function missingImage(kinds: readonly DependencyKind[]): Promise<{ kind: DependencyKind; image: string; variable: string; reason: string } | undefined> {
  // Loaded on demand: only a machine with a Docker engine needs a Docker client.
  const { imageAvailability } = await import('./containers/image-availability.ts');
  for (const kind of kinds) {
    const image = imageFor(kind);
    const availability: ImageAvailability = await imageAvailability(image);
    if (!availability.available) return { kind, image, variable: images[kind].env, reason: availability.reason };
  }
  return undefined;
}

/**
 * WB_DEPS=auto picks containers when a Docker engine answers and can get every image, else
 * native, saying why; an explicit setting is obeyed, and fails with the fix when its backend
 * cannot run.
 */
export async function chooseBackend(kinds: readonly DependencyKind[], setting = backendSetting()): Promise<BackendChoice> {
  const missing = kinds.map((kind) => ({ kind, gap: nativeMissing(kind) })).find((entry) => entry.gap);
  if (setting === 'native') {
    if (missing?.gap) throw new WorkbenchError('WB_ERR_DEPS_NATIVE_MISSING', missing.gap);
    return { backend: 'native', reason: 'WB_DEPS=native' };
  }
  const engine = await dockerEngineAnswers();
  if (setting === 'containers' && !engine) throw new WorkbenchError('WB_ERR_DEPS_DOCKER_UNAVAILABLE', { where: dockerEndpoint() });
  if (engine) {
    const noImage = await missingImage(kinds);
    if (!noImage) return { backend: 'containers', reason: `${setting === 'containers' ? 'WB_DEPS=containers' : 'auto: a Docker engine answers'} at ${dockerEndpoint()}` };
    if (setting === 'containers' || missing?.gap) {
      const fix = setting === 'containers' ? `Pull or build it (${noImage.variable} names another image), or run with WB_DEPS=native` : `Pull or build it, or run \`${missing!.gap!.install}\``;
      throw new WorkbenchError('WB_ERR_DEPS_IMAGE_UNAVAILABLE', { where: dockerEndpoint(), kind: noImage.kind, image: noImage.image, reason: noImage.reason, fix });
    }
    return { backend: 'native', reason: `auto: the Docker engine at ${dockerEndpoint()} has no image ${noImage.image} and cannot pull it (${noImage.reason}), so native servers` };
  }
  if (missing?.gap) throw new WorkbenchError('WB_ERR_DEPS_MISSING', { kind: missing.kind, ...missing.gap });
  return { backend: 'native', reason: 'auto: no Docker engine answers, native servers found' };
}
