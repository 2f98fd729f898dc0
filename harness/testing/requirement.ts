import { expect } from 'vitest';

/** `[validation] rejects …` → `validation`. A graded test names its requirement in its title. */
export function requirementOfTitle(title: string): string | undefined {
  return /\[([a-z0-9]+(?:-[a-z0-9]+)*)\]/.exec(title)?.[1];
}

/** The requirement of the test running now, from its full name (describe blocks included). */
export function currentRequirement(): string {
  const name = expect.getState().currentTestName ?? '';
  const found = requirementOfTitle(name);
  if (!found) throw new Error(`The graded test '${name}' names no requirement: put its slug in brackets in the title, e.g. '[validation] …'.`);
  return found;
}

export function specLink(moduleId: string, requirement: string): string {
  return `modules/${moduleId}/SPEC.md#${requirement}`;
}
