import { formatLoadFailure, formatRequirement, groupLoadFailures } from '../../grading/format-terminal.ts';
import type { RequirementResult, Scorecard } from '../../grading/scorecard.ts';
import { formatTargetResult } from '../../load/evaluate-target.ts';
import { measuredUnderLoad, type ModuleManifest } from '../../manifest.ts';
import { formatCounterResult } from '../../testing/counters.ts';
import { paint } from '../../terminal.ts';
import type { TypeCheckResult } from '../typecheck.ts';
import type { WatchEvent } from './module-watch.ts';

/**
 * What the learner sees per save: the focus requirement's result first (expected vs got, its SPEC
 * section and hint), then one line for the module, then the load targets when they ran.
 */
export class WatchPrinter {
  /** The requirement whose failure is already on screen for this save. */
  private shown: string | undefined;
  /** Load failures (syntax errors) already on screen for this save. */
  private readonly causesShown = new Set<string>();

  /** The requirements graded by timed targets: their tests run in the load phase. */
  private readonly loadRequirements: readonly string[];

  constructor(
    manifest: ModuleManifest,
    private readonly write: (line: string) => void,
  ) {
    this.loadRequirements = manifest.requirements.filter((requirement) => measuredUnderLoad(manifest, requirement.id)).map((requirement) => requirement.id);
  }

  event(event: WatchEvent): void {
    switch (event.kind) {
      case 'started':
        this.shown = undefined;
        this.causesShown.clear();
        this.write('');
        this.write(paint('dim', `── ${new Date().toLocaleTimeString('en-GB')} · ${event.trigger} ${'─'.repeat(Math.max(4, 50 - event.trigger.length))}`));
        break;
      case 'focus':
        if (!event.requirement) break;
        if (!this.loadFailures(event.card)) this.requirement(event.card, event.requirement);
        this.write(paint('dim', `  first result ${event.secondsSinceSave.toFixed(2)} s after the save`));
        break;
      case 'functional': {
        const functional = event.card.requirements.filter((requirement) => !this.loadRequirements.includes(requirement.id));
        const failing = functional.filter((requirement) => requirement.status !== 'passed');
        // The first failure of this save, unless the focus phase already showed it.
        const first = failing[0];
        if (!this.loadFailures(event.card) && first && first.id !== this.shown && first.status !== 'not-run') this.requirement(event.card, first);
        const summary = `${functional.length - failing.length} of ${functional.length} requirements pass${failing.length ? ` · failing: ${failing.map((requirement) => requirement.id).join(', ')}` : ''}`;
        this.write(`  ${failing.length ? paint('yellow', '◐') : paint('green', '✓')} ${summary} ${paint('dim', `· ${event.secondsSinceSave.toFixed(2)} s`)}`);
        if (event.loadWaiting) this.write(paint('dim', `  load targets (${this.loadRequirements.join(', ')}) run once every requirement above passes, or now with l`));
        break;
      }
      case 'load': {
        for (const requirement of event.card.requirements.filter((entry) => this.loadRequirements.includes(entry.id))) {
          for (const line of formatRequirement(event.card.module, requirement, 0)) this.write(line);
        }
        for (const target of event.card.targets) this.write(`    ${target.ok ? paint('green', '✓') : paint('red', '✗')} ${target.kind === 'counter' ? formatCounterResult(target) : formatTargetResult(target)}`);
        this.write(paint('dim', `  load targets measured · ${event.secondsSinceSave.toFixed(2)} s after the save`));
        break;
      }
      case 'passed':
        this.write(paint(['bold', 'green'], `  ${event.card.module} passed: ${event.card.score.earned}/${event.card.score.total}, every requirement and target.`));
        break;
      case 'cancelled':
        this.write(paint('dim', '  (a newer save replaced this run)'));
        break;
    }
  }

  typeErrors(result: TypeCheckResult): void {
    if (result.errors.length === 0) return;
    this.write(paint('yellow', `  type errors (${result.errors.length}, tsc ${result.seconds.toFixed(1)} s):`));
    for (const line of result.errors.slice(0, 5)) this.write(`    ${line}`);
  }

  private requirement(card: Scorecard, requirement: RequirementResult): void {
    if (requirement.status !== 'passed') this.shown = requirement.id;
    for (const line of formatRequirement(card.module, requirement, 0)) this.write(line);
  }

  /** A file that failed to load (a syntax error) stops every test in it: say it once. Whether there was one. */
  private loadFailures(card: Scorecard): boolean {
    const failures = groupLoadFailures(card);
    for (const failure of failures.filter((entry) => !this.causesShown.has(entry.cause))) {
      this.causesShown.add(failure.cause);
      for (const line of formatLoadFailure(failure)) this.write(line);
    }
    return failures.length > 0;
  }
}
