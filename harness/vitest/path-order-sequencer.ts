import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Test files in path order, every run. Vitest's own order puts last run's failures and slow
 * files first, so a tree graded twice would run its files, and number its test data, in a
 * different order each time; a mentor comparing two scorecards would see noise.
 */
export class PathOrderSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}
