import type { DependencyKind } from '../manifest.ts';

/**
 * Container images, pinned in one place. Each can be overridden by an environment variable, for
 * a mirror, an air-gapped machine or CI's locally built images (.ci/docker/).
 */
export const images: { readonly [K in DependencyKind]: { readonly default: string; readonly env: string } } = {
  postgres: { default: 'postgres:15-alpine', env: 'WB_POSTGRES_IMAGE' },
  redis: { default: 'redis:7.0-alpine', env: 'WB_REDIS_IMAGE' },
  rabbitmq: { default: 'rabbitmq:3.10-alpine', env: 'WB_RABBITMQ_IMAGE' },
};

export function imageFor(kind: DependencyKind): string {
  const { default: fallback, env } = images[kind];
  return process.env[env]?.trim() || fallback;
}
