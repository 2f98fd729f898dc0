import { dockerClient } from './docker-client.ts';

export type ImageAvailability = { readonly available: true } | { readonly available: false; readonly reason: string };

/**
 * Whether the engine can run an image: it has it, or its registry answers for it. Asked before a
 * backend is chosen, so that `auto` falls back to native servers with a sentence instead of
 * failing the whole run on a pull that cannot work.
 */
export async function imageAvailability(image: string, timeoutMs = 5000): Promise<ImageAvailability> {
  const docker = await dockerClient();
  try {
    await docker.getImage(image).inspect();
    return { available: true };
  } catch {
    // Not here; ask its registry.
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`its registry did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    await Promise.race([docker.getImage(image).distribution(), timeout]);
    return { available: true };
  } catch (error) {
    const message = ((error as { json?: { message?: string } }).json?.message ?? (error as Error).message ?? String(error)).split('\n')[0]!.trim();
    return { available: false, reason: message };
  } finally {
    clearTimeout(timer);
  }
}
