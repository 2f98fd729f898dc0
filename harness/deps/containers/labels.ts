/**
 * Set on every container the harness starts. Leak checks count containers by asking the engine for
 * this label, never the ledger, which is what could be wrong.
 */
export const OWNED_LABEL = 'dev.workbench.owned';

/**
 * The ledger entry a container belongs to. The entry is written before the container is created,
 * so a run killed mid-start leaves an entry whose container the next run still finds by label.
 */
export const RESOURCE_LABEL = 'dev.workbench.resource';

export function ownedLabels(resourceId: string): Record<string, string> {
  return { [OWNED_LABEL]: 'true', [RESOURCE_LABEL]: resourceId };
}
