import type { ApiClient, ApiResponse } from '../../../../harness/testing/api-client.ts';
import { check, expectStatus } from '../../../../harness/testing/expectations.ts';
import { newTask } from './users.ts';

export interface Task {
  id: string;
  title: string;
  description: string;
  status: 'todo' | 'in_progress' | 'done';
  dueAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface TaskPage {
  items: Task[];
  nextCursor: string | null;
}

export async function createTask(api: ApiClient, token: string, overrides: Record<string, unknown> = {}): Promise<Task> {
  const response = await api.post<Task>('/tasks', newTask(overrides), { token });
  expectStatus(response, 201, 'from POST /tasks with a valid body');
  check(typeof response.body?.id === 'string', `Expected the created task to have a string \`id\`, got ${JSON.stringify(response.body?.id)}.`, response);
  return response.body;
}

/** Creates tasks one after another, so their creation order is known. */
export async function createTasks(api: ApiClient, token: string, count: number, overrides: (index: number) => Record<string, unknown> = () => ({})): Promise<Task[]> {
  const tasks: Task[] = [];
  for (let index = 0; index < count; index++) tasks.push(await createTask(api, token, overrides(index)));
  return tasks;
}

export async function getPage(api: ApiClient, token: string, query: string): Promise<ApiResponse<TaskPage>> {
  const response = await api.get<TaskPage>(`/tasks${query ? `?${query}` : ''}`, { token });
  expectStatus(response, 200);
  check(Array.isArray(response.body?.items), `Expected a list page { items: Task[], nextCursor: string | null }, got keys ${JSON.stringify(Object.keys(response.body ?? {}))}.`, response);
  check(response.body.nextCursor === null || typeof response.body.nextCursor === 'string', `Expected \`nextCursor\` to be a string or null, got ${JSON.stringify(response.body.nextCursor)}.`, response);
  return response;
}

/** Follows nextCursor to the end; `between` runs after each page but the last (to create or delete tasks mid-way). */
export async function pageThrough(api: ApiClient, token: string, query: string, between?: (pageIndex: number, page: ApiResponse<TaskPage>) => Promise<void>): Promise<ApiResponse<TaskPage>[]> {
  const pages: ApiResponse<TaskPage>[] = [];
  let cursor: string | null = null;
  do {
    const page: ApiResponse<TaskPage> = await getPage(api, token, [query, cursor ? `cursor=${encodeURIComponent(cursor)}` : ''].filter(Boolean).join('&'));
    pages.push(page);
    check(pages.length <= 100, 'Expected paging to end: 100 pages followed and nextCursor is still not null.', page);
    cursor = page.body.nextCursor;
    if (cursor && between) await between(pages.length - 1, page);
  } while (cursor);
  return pages;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
