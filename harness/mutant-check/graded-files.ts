import { createVitest } from 'vitest/node';
import { requirementOfTitle } from '../testing/requirement.ts';
import { moduleRunConfig } from '../vitest/module-run-config.ts';

/**
 * Which of a module's graded test files hold the tests of each requirement, read from the files
 * without running them (vitest's static parse). A mutant's test file then loads only those: the
 * other files would register tests that its name filter skips anyway. A file with a test whose
 * requirement the parse cannot read (a name built at run time) counts for every requirement.
 */
export interface GradedFiles {
  readonly all: readonly string[];
  of(requirement: string): string[];
}

export async function gradedFilesByRequirement(moduleId: string): Promise<GradedFiles> {
  const base = await moduleRunConfig({ moduleId, target: 'solutions' });
  const vitest = await createVitest({ config: false, watch: false }, { ...base, test: { ...base.test, reporters: [{}] } });
  try {
    const { testModules } = await vitest.collect(undefined, { staticParse: true });
    const byRequirement = new Map<string, Set<string>>();
    const unreadable = new Set<string>();
    for (const testModule of testModules) {
      for (const testCase of testModule.children.allTests()) {
        const requirement = requirementOfTitle(testCase.fullName);
        if (!requirement) unreadable.add(testModule.moduleId);
        else byRequirement.set(requirement, (byRequirement.get(requirement) ?? new Set()).add(testModule.moduleId));
      }
    }
    const all = testModules.map((testModule) => testModule.moduleId).sort();
    return { all, of: (requirement) => all.filter((file) => byRequirement.get(requirement)?.has(file) || unreadable.has(file)) };
  } finally {
    await vitest.close();
  }
}
