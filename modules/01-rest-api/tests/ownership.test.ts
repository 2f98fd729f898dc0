import { describe, test } from 'vitest';
import { useAppUnderTest } from './support/app-under-test.ts';
import { check, expectProblem, expectStatus } from './support/expectations.ts';
import { createTask, pageThrough, type Task } from './support/tasks.ts';
import { registerUser } from './support/users.ts';

const appUnderTest = useAppUnderTest();

describe('ownership', () => {
  test("[ownership] another user's task is 404 on GET, PATCH and DELETE, and stays unchanged", async () => {
    const { api } = await appUnderTest();
    const [owner, other] = [await registerUser(api, 'owner'), await registerUser(api, 'other')];
    const task = await createTask(api, owner.token);
    expectProblem(await api.get(`/tasks/${task.id}`, { token: other.token }), 404, "from GET of another user's task (404, not 403: do not confirm it exists)");
    expectProblem(await api.patch(`/tasks/${task.id}`, { title: 'hijacked' }, { token: other.token }), 404, "from PATCH of another user's task");
    expectProblem(await api.delete(`/tasks/${task.id}`, { token: other.token }), 404, "from DELETE of another user's task");
    const read = await api.get<Task>(`/tasks/${task.id}`, { token: owner.token });
    expectStatus(read, 200, 'for the owner after the other user tried');
    check(read.body.title === task.title && read.body.version === 1, `Expected the owner's task untouched by the other user's PATCH and DELETE (title ${JSON.stringify(task.title)}, version 1), got title ${JSON.stringify(read.body.title)} at version ${read.body.version}.`, read);
  });

  test("[ownership] another user's tasks never appear in their list", async () => {
    const { api } = await appUnderTest();
    const [owner, other] = [await registerUser(api, 'owner'), await registerUser(api, 'other')];
    await createTask(api, owner.token);
    const mine = await createTask(api, other.token);
    const listed = (await pageThrough(api, other.token, 'limit=100')).flatMap((page) => page.body.items.map((item) => item.id));
    check(listed.length === 1 && listed[0] === mine.id, `Expected the other user's list to hold only their own task ${mine.id}, got ${listed.length} tasks${listed.includes(mine.id) ? ', theirs among them' : ', not theirs'}.`);
  });
});
