import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ModuleManifest } from '../manifest.ts';
import { projectRoot } from '../paths.ts';
import type { KitManifest } from './kit-manifest.ts';

/**
 * The kit's package.json: the track's own, so that its lockfile still installs exactly, with the
 * scripts a candidate needs; the track's own scripts check its reference solutions, which a kit
 * does not have.
 */
export function kitPackageJson(): string {
  const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as Record<string, unknown>;
  manifest.scripts = {
    setup: 'node bin/wb.mjs setup',
    test: 'node bin/wb.mjs grade --target exercises --out .wb/grade',
    typecheck: 'tsc -p tsconfig.json',
    wb: 'node bin/wb.mjs',
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** What the candidate reads first: what to do, in how long, how to run the tests, how it is graded. */
export function kitReadme(kit: Omit<KitManifest, 'files'>, modules: readonly ModuleManifest[]): string {
  const points = (module: ModuleManifest): number => module.requirements.reduce((sum, requirement) => sum + requirement.points, 0);
  const hidden = Object.entries(kit.hiddenRequirements);
  return `# Take-home: ${modules.map((module) => module.title).join(' · ')}

${kit.timeBox ? `**Time box: ${kit.timeBox}.** Stop when it is up, and hand in what you have: a part that works and is tested earns its points, a part that does not earns none.` : 'Take the time you need; say in your hand-in roughly how long it took.'}

## What to do

${modules
  .map(
    (module) => `- **${module.id}** (${points(module)} points): read \`modules/${module.id}/SPEC.md\`, then implement \`exercises/${module.id}/\`. Each \`TODO(<requirement>)\` in the stub names the SPEC section it belongs to.${kit.hints ? ` \`modules/${module.id}/HINTS.md\` has hints, one level at a time.` : ''}`,
  )
  .join('\n')}

Work only in \`exercises/\`. Everything else (the tests, the harness, the configuration) is graded
from the team's own copy, and a change outside \`exercises/\` is listed to them.

## Set up and run the tests

Node 22.12 or newer, then:

\`\`\`sh
npm ci
npm run setup            # the servers the modules need (PostgreSQL, Redis, …), or says how to install them
${modules.map((module) => `npx wb test ${module.id}      # one module's tests, with a scorecard`).join('\n')}
npm test                 # every module, as it is graded
\`\`\`

\`npx wb doctor\` says what the machine has and how to fix what is missing.

## How it is graded

Each requirement in a SPEC is worth the points beside it, all or nothing: it earns them when
every one of its tests passes. Performance targets are measured against a baseline taken on the
same machine in the same run, so a slow laptop is not held against you.
${
  hidden.length > 0
    ? `
Some tests are not in this kit. These requirements are also graded by tests you do not see, so
build them from the SPEC, not from the tests you have:
${hidden.map(([moduleId, ids]) => `- ${moduleId}: ${ids.join(', ')}`).join('\n')}
`
    : ''
}
Your code runs isolated while it is graded: no network but its own loopback, and nothing of the
grader's files.

## Hand in

Commit your work in this repository and send it: a URL the team can clone, or a file made with
\`git bundle create take-home.bundle --all\`.

<sub>Kit ${kit.id}, cut ${kit.createdAt.slice(0, 10)} from workbench ${kit.harness.version}. \`${'TAKEHOME.json'}\` lists every file of the kit with its hash.</sub>
`;
}
