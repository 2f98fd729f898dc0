/**
 * The machine the targets were set on: 2 cores, Debian 12, Node 24 (shared/measured-facts.md).
 * `bareFastifyRequestsPerSecond` is calibrateMachine()'s figure there (median of 5 runs,
 * `npm run bench`); targets in module manifests are that machine's numbers.
 */
export const referenceMachine = {
  description: '2 cores, Debian 12, Node 24',
  bareFastifyRequestsPerSecond: 20_000,
} as const;
