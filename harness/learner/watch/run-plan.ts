import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject, TestSpecification } from 'vitest/node';
import { measuredUnderLoad, type ModuleManifest } from '../../manifest.ts';
import { projectRoot } from '../../paths.ts';
import { LOAD_TAG } from '../../testing/measurements.ts';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What one save runs, in order: the focus requirement's tests alone (the first result, fast), then
 * the module's other functional tests, then, on request or once every functional requirement
 * passes, the load tests that grade its targets (slow, and they need the machine to themselves).
 */
export class RunPlan {
  constructor(
    private readonly project: TestProject,
    private readonly manifest: ModuleManifest,
    private readonly files: readonly string[],
  ) {}

  /** The first requirement, in SPEC order, that has not passed and is graded without load. */
  focus(passed: ReadonlySet<string>): string | undefined {
    return this.manifest.requirements.find((requirement) => !passed.has(requirement.id) && !measuredUnderLoad(this.manifest, requirement.id))?.id;
  }

  hasLoadTests(): boolean {
    return this.manifest.requirements.some((requirement) => measuredUnderLoad(this.manifest, requirement.id));
  }

  /** The focus requirement's tests, in the files that have any (a file costs an import even when all of it is skipped). */
  focusSpecs(requirement: string): TestSpecification[] {
    const tag = `[${requirement}]`;
    const files = this.files.filter((file) => readFileSync(path.join(projectRoot, file), 'utf8').includes(tag));
    return files.map((file) => this.spec(file, new RegExp(escape(tag)), [`!${LOAD_TAG}`]));
  }

  /** Every test of one requirement, its load tests included: `wb watch <module> <requirement>`. */
  requirementSpecs(requirement: string): TestSpecification[] {
    const tag = `[${requirement}]`;
    const files = this.files.filter((file) => readFileSync(path.join(projectRoot, file), 'utf8').includes(tag));
    return files.map((file) => this.project.createSpecification(path.join(projectRoot, file), { testNamePattern: new RegExp(escape(tag)) }));
  }

  /** Every functional test but the focus requirement's, which just ran. */
  restSpecs(focus: string | undefined): TestSpecification[] {
    const pattern = focus ? new RegExp(`^(?!.*${escape(`[${focus}]`)})`) : undefined;
    return this.files.map((file) => this.spec(file, pattern, [`!${LOAD_TAG}`]));
  }

  /** The load tests, in the files that grade a requirement with a timed target. */
  loadSpecs(): TestSpecification[] {
    const measured = this.manifest.requirements.filter((requirement) => measuredUnderLoad(this.manifest, requirement.id)).map((requirement) => `[${requirement.id}]`);
    const files = this.files.filter((file) => {
      const source = readFileSync(path.join(projectRoot, file), 'utf8');
      return measured.some((tag) => source.includes(tag));
    });
    return files.map((file) => this.spec(file, undefined, [LOAD_TAG]));
  }

  private spec(file: string, testNamePattern: RegExp | undefined, testTagsFilter: string[]): TestSpecification {
    return this.project.createSpecification(path.join(projectRoot, file), { ...(testNamePattern ? { testNamePattern } : {}), testTagsFilter });
  }
}
