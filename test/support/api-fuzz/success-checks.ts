import { isDeepStrictEqual } from 'node:util';
import type { Task } from './api-model.ts';
import type { ShapeCheck } from './document-shapes.ts';
import { header, parseJson, type FuzzResponse, type SuccessCheck } from './exchange.ts';

/** What a 2xx must show beyond its status, per SPEC.md, judged against the model as it was before the request. */

const sameInstant = (a: unknown, b: unknown): boolean => (a === null || b === null ? a === b : Date.parse(String(a)) === Date.parse(String(b)));

function jsonBody(response: FuzzResponse, problems: string[]): unknown {
  if (!String(header(response, 'content-type')).startsWith('application/json')) problems.push(`content-type is ${header(response, 'content-type')}, not application/json`);
  const parsed = parseJson(response.body);
  if (!parsed.ok) problems.push('the body is not JSON');
  return parsed.ok ? parsed.value : undefined;
}

function taskBody(response: FuzzResponse, shape: ShapeCheck, problems: string[]): Task | undefined {
  const body = jsonBody(response, problems);
  const shapeProblems = shape(body);
  problems.push(...shapeProblems);
  if (shapeProblems.length > 0) return undefined;
  const task = body as Task;
  if (header(response, 'etag') !== `"${task.version}"`) problems.push(`ETag is ${header(response, 'etag')}, expected "${task.version}"`);
  return task;
}

/** Fields of a create or update body that the task must echo; dueAt as the same instant. */
function echoProblems(task: Task, sent: Record<string, unknown>): string[] {
  return Object.entries(sent).flatMap(([field, value]) => {
    const actual = (task as unknown as Record<string, unknown>)[field];
    const same = field === 'dueAt' ? sameInstant(actual, value) : actual === value;
    return same ? [] : [`${field} came back as ${JSON.stringify(actual)}, sent ${JSON.stringify(value)}`];
  });
}

export function createdTask(shape: ShapeCheck, sent: Record<string, unknown>): SuccessCheck {
  return (response, model) => {
    const problems: string[] = [];
    const task = taskBody(response, shape, problems);
    if (!task) return problems;
    if (task.version !== 1) problems.push(`version is ${task.version}, expected 1`);
    if (header(response, 'location') !== `/tasks/${task.id}`) problems.push(`Location is ${header(response, 'location')}, expected /tasks/${task.id}`);
    if (header(response, 'idempotent-replayed') === 'true') problems.push('a first request was answered as a replay');
    if (model.live.has(task.id) || model.deleted.includes(task.id)) problems.push(`the new task has the id of an existing one (${task.id})`);
    problems.push(...echoProblems(task, { description: '', status: 'todo', dueAt: null, ...sent }));
    return problems;
  };
}

export function replayedTask(shape: ShapeCheck, stored: Task): SuccessCheck {
  return (response) => {
    const problems: string[] = [];
    const body = jsonBody(response, problems);
    problems.push(...shape(body));
    if (!isDeepStrictEqual(body, stored)) problems.push(`the replay differs from the first answer ${JSON.stringify(stored)}`);
    if (header(response, 'idempotent-replayed') !== 'true') problems.push(`Idempotent-Replayed is ${header(response, 'idempotent-replayed')}, expected true`);
    return problems;
  };
}

export function readTask(shape: ShapeCheck, known: Task): SuccessCheck {
  return (response) => {
    const problems: string[] = [];
    const task = taskBody(response, shape, problems);
    if (task && !isDeepStrictEqual(task, known)) problems.push(`the task differs from its last answer ${JSON.stringify(known)}`);
    return problems;
  };
}

export function updatedTask(shape: ShapeCheck, before: Task, changes: Record<string, unknown>): SuccessCheck {
  return (response) => {
    const problems: string[] = [];
    const task = taskBody(response, shape, problems);
    if (!task) return problems;
    if (task.id !== before.id) problems.push(`id changed from ${before.id} to ${task.id}`);
    if (task.version !== before.version + 1) problems.push(`version is ${task.version}, expected ${before.version + 1}`);
    if (task.createdAt !== before.createdAt) problems.push(`createdAt changed from ${before.createdAt}`);
    if (Date.parse(task.updatedAt) < Date.parse(before.updatedAt)) problems.push(`updatedAt moved back from ${before.updatedAt}`);
    const unchanged = Object.fromEntries((['title', 'description', 'status', 'dueAt'] as const).filter((field) => !(field in changes)).map((field) => [field, before[field]]));
    problems.push(...echoProblems(task, { ...unchanged, ...changes }));
    return problems;
  };
}

export const deletedTask: SuccessCheck = (response) => (response.body === '' ? [] : [`a 204 with a body: ${response.body.slice(0, 100)}`]);

export function taskPage(shape: ShapeCheck, options: { limit: number; status: string | undefined; cursor: string | undefined }): SuccessCheck {
  return (response, model) => {
    const problems: string[] = [];
    const body = jsonBody(response, problems) as { items?: unknown; nextCursor?: unknown } | undefined;
    if (!body || !Array.isArray(body.items) || !(body.nextCursor === null || typeof body.nextCursor === 'string')) {
      return [...problems, 'the body is not { items: [], nextCursor: string | null }'];
    }
    const items = body.items as Task[];
    items.forEach((item, index) => {
      problems.push(...shape(item).map((problem) => `items[${index}]: ${problem}`));
      const known = model.live.get(item.id);
      if (!known) problems.push(`items[${index}] (${item.id}) is not one of the user's live tasks`);
      else if (!isDeepStrictEqual(item, known)) problems.push(`items[${index}] differs from the task's last answer ${JSON.stringify(known)}`);
      if (options.status !== undefined && item.status !== options.status) problems.push(`items[${index}] has status ${item.status} in a list filtered by ${options.status}`);
      if (index > 0 && Date.parse(item.createdAt) < Date.parse(items[index - 1]!.createdAt)) problems.push(`items[${index}] was created before items[${index - 1}]: not oldest first`);
    });
    if (items.length > options.limit) problems.push(`${items.length} items, over the limit of ${options.limit}`);
    if (body.nextCursor !== null && items.length < options.limit) problems.push(`a short page (${items.length} of ${options.limit}) with a nextCursor`);
    if (body.nextCursor === null && options.cursor === undefined) {
      const all = [...model.live.values()].filter((task) => options.status === undefined || task.status === options.status);
      if (items.length !== all.length) problems.push(`the only page holds ${items.length} tasks, the user has ${all.length}`);
    }
    return problems;
  };
}

export function registered(sent: { email: string; password: string }): SuccessCheck {
  return (response) => {
    const problems: string[] = [];
    const body = jsonBody(response, problems) as Record<string, unknown> | undefined;
    if (typeof body?.id !== 'string' || body.id === '') problems.push('no string id');
    if (body?.email !== sent.email) problems.push(`email is ${JSON.stringify(body?.email)}, sent ${JSON.stringify(sent.email)}`);
    if (body && Object.keys(body).some((key) => /password|hash/i.test(key))) problems.push('a key names the password or its hash');
    if (response.body.includes(JSON.stringify(sent.password).slice(1, -1))) problems.push('the body contains the password');
    return problems;
  };
}

export function loggedIn(tokenTtlSeconds: number): SuccessCheck {
  return (response) => {
    const problems: string[] = [];
    const body = jsonBody(response, problems) as Record<string, unknown> | undefined;
    if (typeof body?.token !== 'string') problems.push('no string token');
    if (body?.tokenType !== 'Bearer') problems.push(`tokenType is ${JSON.stringify(body?.tokenType)}`);
    if (body?.expiresIn !== tokenTtlSeconds) problems.push(`expiresIn is ${JSON.stringify(body?.expiresIn)}, expected ${tokenTtlSeconds}`);
    return problems;
  };
}

export const healthy: SuccessCheck = (response) => {
  const problems: string[] = [];
  const body = jsonBody(response, problems) as Record<string, unknown> | undefined;
  return body?.status === 'ok' ? problems : [...problems, `status is ${JSON.stringify(body?.status)}`];
};
