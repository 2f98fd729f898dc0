import { existsSync, readFileSync } from 'node:fs';
import type { Scorecard } from '../../grading/scorecard.ts';
import { lastResultFile } from '../../grading/scorecard-reporter.ts';
import { listModuleIds, loadModule } from '../../modules.ts';
import { paint, say } from '../output.ts';

/** The modules in track order, each with its last result on this machine. */
export async function listCommand(): Promise<number> {
  for (const id of listModuleIds()) {
    const manifest = await loadModule(id);
    const file = lastResultFile(id);
    let last = paint('dim', 'not run yet');
    if (existsSync(file)) {
      const card = JSON.parse(readFileSync(file, 'utf8')) as Scorecard;
      const passed = card.requirements.filter((requirement) => requirement.status === 'passed').length;
      const score = `${card.score.earned}/${card.score.total}`;
      last = `${card.score.earned === card.score.total ? paint('green', score) : paint('yellow', score)} · ${passed}/${card.requirements.length} requirements · ${card.target} · ${new Date(card.startedAt).toLocaleString()}`;
    }
    say(`${paint('bold', id.padEnd(20))} ${manifest.title}`);
    say(`${' '.repeat(21)}${last}`);
  }
  say(paint('dim', '\nRun one with `npx wb test <module>`; its SPEC is modules/<module>/SPEC.md.'));
  return 0;
}
