/**
 * Container images, pinned in one place. Each can be overridden by an environment variable, for
 * a mirror, an air-gapped machine or CI's locally built images (.ci/docker/).
 */
export const images = {
  postgres: { default: 'postgres:15-alpine', env: 'WB_POSTGRES_IMAGE' },
} as const;

export function imageFor(kind: keyof typeof images): string {
  const { default: fallback, env } = images[kind];
  return process.env[env]?.trim() || fallback;
}
