import { describe, test } from 'vitest';
import { useAppUnderTest } from './support/app-under-test.ts';
import { check, expectProblem, expectStatus } from '../../../harness/testing/expectations.ts';
import { createTask, pageThrough, type Task } from './support/tasks.ts';
import { registerUser } from './support/users.ts';

const appUnderTest = useAppUnderTest();

describe('ownership', () => {
  test("[ownership] another user's task is 404 on GET, PATCH and DELETE, and stays unchanged", async () => {
    const { api } = await appUnderTest();
    const [owner, other] = [await registerUser(api, 'owner'), await registerUser(api, 'other')];
    const task = await createTask(api, owner.token);
    // The owner reads it first: whatever the app remembers from that read must not serve others.
    expectStatus(await api.get(`/tasks/${task.id}`, { token: owner.token }), 200, 'for the owner reading their new task');
    expectProblem(await api.get(`/tasks/${task.id}`, { token: other.token }), 404, "from GET of another user's task (404, not 403: do not confirm it exists)");
    expectProblem(await api.patch(`/tasks/${task.id}`, { title: 'hijacked' }, { token: other.token }), 404, "from PATCH of another user's task");
    expectProblem(await api.delete(`/tasks/${task.id}`, { token: other.token }), 404, "from DELETE of another user's task");
    // Exactly the answer for an id that names no task: nothing in it may confirm the task exists.
    const theirs = await api.get(`/tasks/${task.id}`, { token: other.token });
    const nobodys = await api.get(`/tasks/${crypto.randomUUID()}`, { token: other.token });
    const answer = (response: typeof theirs): string => JSON.stringify(response.body ?? null).replaceAll(response.url.split('/').pop()!, '<id>');
    check(answer(theirs) === answer(nobodys), `Expected another user's task to get the same 404 as an id that names no task, ${answer(nobodys)}, got ${answer(theirs)}.`, theirs);
    const headerNames = (response: typeof theirs): string => Object.keys(response.headers).filter((name) => name !== 'date' && name !== 'content-length').sort().join(', ');
    check(headerNames(theirs) === headerNames(nobodys), `Expected another user's task to get the same 404 headers as an id that names no task (${headerNames(nobodys)}), got ${headerNames(theirs)}: an ETag on that 404 tells the task exists, and its version.`, theirs);
    const read = await api.get<Task>(`/tasks/${task.id}`, { token: owner.token });
    expectStatus(read, 200, 'for the owner after the other user tried');
    check(read.body.title === task.title && read.body.version === 1, `Expected the owner's task untouched by the other user's PATCH and DELETE (title ${JSON.stringify(task.title)}, version 1), got title ${JSON.stringify(read.body.title)} at version ${read.body.version}.`, read);
  });

  test("[ownership] another user's tasks never appear in their list", async () => {
    const { api } = await appUnderTest();
    const [owner, other] = [await registerUser(api, 'owner'), await registerUser(api, 'other')];
    // Interleaved, and read in pages of 2: every page, not only the first, keeps to its owner.
    const mine: string[] = [];
    for (let index = 0; index < 3; index++) {
      await createTask(api, owner.token);
      mine.push((await createTask(api, other.token)).id);
    }
    const listed = (await pageThrough(api, other.token, 'limit=2')).flatMap((page) => page.body.items.map((item) => item.id));
    const foreign = listed.filter((id) => !mine.includes(id)).length;
    check(listed.join() === mine.join(), `Expected the other user's list, in pages of 2, to hold exactly their own 3 tasks, got ${listed.length} tasks, ${foreign} of them not theirs.`);
  });
});
