/** Runs the scenario files in the order of their names (01-demo, 02-…), not by past duration. */
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export class ByName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}
