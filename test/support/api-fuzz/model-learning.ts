import { normalizedCreateBody, type Task } from './api-model.ts';
import { header, parseJson, type FuzzResponse, type Learn } from './exchange.ts';

/** How each answer changes what the server holds for the fuzz user, read from the answer itself. */

function taskIn(response: FuzzResponse): Task | undefined {
  const parsed = parseJson(response.body);
  const task = parsed.ok ? (parsed.value as Task | null) : undefined;
  return task && typeof task === 'object' && typeof task.id === 'string' ? task : undefined;
}

export function learnCreated(key: string | undefined, sent: Record<string, unknown> | undefined): Learn {
  return (response, model) => {
    const task = response.status === 201 ? taskIn(response) : undefined;
    if (!task || header(response, 'idempotent-replayed') === 'true') return;
    model.remember(task);
    if (key !== undefined && sent) model.keys.set(key, { body: sent, normalized: normalizedCreateBody(sent), response: task });
  };
}

export const learnUpdated: Learn = (response, model) => {
  const task = response.status === 200 ? taskIn(response) : undefined;
  if (task && model.live.has(task.id)) model.remember(task);
};

export function learnDeleted(id: string): Learn {
  return (response, model) => {
    if (response.status === 204) model.forget(id);
  };
}

export function learnPage(status: string | undefined): Learn {
  return (response, model) => {
    const parsed = response.status === 200 ? parseJson(response.body) : undefined;
    const next = parsed?.ok ? (parsed.value as { nextCursor?: unknown }).nextCursor : undefined;
    if (typeof next === 'string') model.cursors.push({ cursor: next, status });
  };
}

export function learnRegistered(email: string, password: string): Learn {
  return (response, model) => {
    if (response.status === 201) model.addAccount(email, password);
  };
}
