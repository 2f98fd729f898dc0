import { currentModule, trackProgress, type ModuleProgress } from '../../learner/progress.ts';
import { hintCommand as hintCommandFor } from '../../learner/hints.ts';
import { paint, say } from '../output.ts';

/** `wb` on its own: where the learner is in the track, and the one next step. */
export async function statusCommand(): Promise<number> {
  const progress = await trackProgress();
  const width = Math.max(...progress.map((entry) => entry.manifest.id.length));
  say(paint('bold', 'workbench · your progress'));
  say();
  for (const entry of progress) say(`  ${mark(entry)} ${entry.manifest.id.padEnd(width)}  ${describe(entry)}`);
  say();
  say(nextStep(currentModule(progress)));
  say(paint('dim', '`npx wb help` lists every command.'));
  return 0;
}

function mark(entry: ModuleProgress): string {
  if (entry.status === 'passed') return paint('green', '✓');
  return entry.status === 'in-progress' ? paint('yellow', '◐') : paint('dim', '○');
}

function describe(entry: ModuleProgress): string {
  if (entry.status === 'not-started') return `${entry.manifest.title} ${paint('dim', '· not started')}`;
  const card = entry.card!;
  const parts = [`${entry.passed} of ${entry.total} requirements`, `${card.score.earned}/${card.score.total} points`];
  if (entry.targets) parts.push(entry.targets.met === entry.targets.total ? 'targets met' : `targets ${entry.targets.met} of ${entry.targets.total} met`);
  return `${entry.manifest.title} · ${parts.join(' · ')}`;
}

function nextStep(entry: ModuleProgress | undefined): string {
  if (!entry) return `${paint('green', 'Every module passed.')} \`npx wb grade\` writes a scorecard of the whole track.`;
  const id = entry.manifest.id;
  if (entry.status === 'not-started') return `next: start ${paint('bold', id)} — read \`npx wb spec ${id}\`, fill in exercises/${id}/, then run \`npx wb test ${id}\``;
  const requirement = entry.nextRequirement!;
  const hint = hintCommandFor(id, requirement);
  return `next: ${paint('bold', `[${requirement}]`)} in ${id} — \`npx wb spec ${id} ${requirement}\`${hint ? `, stuck? \`${hint}\`` : ''}; then \`npx wb test ${id}\``;
}
