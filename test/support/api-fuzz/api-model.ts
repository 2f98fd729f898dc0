import type { Task } from '../../../solutions/01-rest-api/tasks/schemas.ts';

export type { Task };

/** What a first request with an Idempotency-Key created, to compare its replays with. */
export interface StoredKey {
  /** The body as sent, for replays that send it again byte for byte. */
  body: Record<string, unknown>;
  /** The body with SPEC's defaults filled in: bodies equal here are the same request to any design. */
  normalized: string;
  response: Task;
}

const DEFAULTS = { description: '', status: 'todo', dueAt: null };

/** Canonical text of a create body after defaults, with sorted keys. */
export function normalizedCreateBody(body: Record<string, unknown>): string {
  const filled: Record<string, unknown> = { ...DEFAULTS, ...body };
  return JSON.stringify(Object.fromEntries(Object.keys(filled).sort().map((key) => [key, filled[key]])));
}

/**
 * What the server should hold for the fuzz user, updated from every answer the checks accepted.
 * The expected outcome of a request is computed from it, so a case that changes state (a PATCH
 * bumping a version, a DELETE) is judged against the state it met.
 */
export class ApiModel {
  /** The user's tasks as last returned, in creation order. */
  readonly live = new Map<string, Task>();
  readonly deleted: string[] = [];
  /** nextCursor values the API issued, with the status filter of the list that issued them. */
  readonly cursors: { cursor: string; status: string | undefined }[] = [];
  readonly keys = new Map<string, StoredKey>();
  /** Registered accounts, by lower-cased email: SPEC makes emails unique regardless of case. */
  readonly accounts = new Map<string, { email: string; password: string }>();

  constructor(
    readonly user: { id: string; email: string; password: string; token: string },
    /** A task of another user: it must look exactly like a missing one. */
    readonly foreignTaskId: string,
  ) {
    this.addAccount(user.email, user.password);
  }

  liveTask(pick: number): Task | undefined {
    const tasks = [...this.live.values()];
    return tasks[pick % Math.max(tasks.length, 1)];
  }

  storedKey(pick: number): [string, StoredKey] | undefined {
    const entries = [...this.keys.entries()];
    return entries[pick % Math.max(entries.length, 1)];
  }

  addAccount(email: string, password: string): void {
    this.accounts.set(email.toLowerCase(), { email, password });
  }

  remember(task: Task): void {
    this.live.set(task.id, task);
  }

  forget(id: string): void {
    this.live.delete(id);
    this.deleted.push(id);
  }
}
