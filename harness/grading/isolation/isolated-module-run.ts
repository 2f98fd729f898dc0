import { chmodSync, chownSync, copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../paths.ts';
import type { Scorecard } from '../scorecard.ts';
import type { IsolationLauncher } from './isolation.ts';
import { sandboxUser } from './sandbox-user.ts';

/** Settings of the harness that mean the same inside the isolated run; everything else stays out. */
const PASSED_THROUGH = ['WB_STALL_SECONDS', 'WB_POSTGRES_BINDIR', 'WB_POSTGRES_SEARCH_PATH', 'WB_REDIS_SEARCH_PATH', 'NO_COLOR'] as const;

/** A whole module's run may take this long before it is stopped (a load module takes ~1 min). */
const MODULE_TIMEOUT_MS = Number(process.env.WB_GRADE_MODULE_TIMEOUT_SECONDS ?? 20 * 60) * 1000;

export interface IsolatedModuleRun {
  readonly moduleId: string;
  /** The candidate's tree, as `--target` takes it. */
  readonly targetRoot: string;
  /** A folder of the grader's for this module's run; the run writes only below it. */
  readonly workDir: string;
  readonly jsonFile: string;
  readonly junitFile: string;
}

/**
 * Runs `wb test <module>` on the candidate's tree through a launcher, with native servers
 * started inside the isolation (so they share its loopback, and end with it), and hands back
 * what it wrote. The scorecard files are copied out by the grader, not trusted to any path the
 * candidate's side could name.
 */
export async function runIsolatedModule(launcher: IsolationLauncher, run: IsolatedModuleRun): Promise<{ code: number; card: Scorecard | undefined; output: string }> {
  const user = sandboxUser();
  // The grader's work folder (mkdtemp's 0700) must let the unprivileged user through to its own.
  if (process.getuid?.() === 0) chmodSync(run.workDir, 0o711);
  const writable = path.join(run.workDir, `isolated-${run.moduleId}`);
  const home = path.join(writable, 'home');
  const out = path.join(writable, 'out');
  for (const dir of [writable, home, out, path.join(writable, 'state'), path.join(writable, 'tmp'), path.join(writable, 'scratch')]) {
    mkdirSync(dir, { recursive: true });
    if (process.getuid?.() === 0) chownSync(dir, user.uid, user.gid);
  }
  const json = path.join(out, 'scorecard.json');
  const junit = path.join(out, 'junit.xml');
  const node = realpathSync(process.execPath);
  // Vite writes its bundled config and vitest its results cache under node_modules: scratch space.
  const scratch = ['.vite-temp', '.vite'].map((name) => ({ dir: path.join(projectRoot, 'node_modules', name), source: path.join(writable, 'scratch', name) }));
  for (const { dir, source } of scratch) {
    mkdirSync(dir, { recursive: true });
    mkdirSync(source, { recursive: true });
    if (process.getuid?.() === 0) chownSync(source, user.uid, user.gid);
  }
  const tmp = path.join(writable, 'tmp');
  const env: Record<string, string> = {
    WB_DEPS: 'native',
    WB_STATE_DIR: path.join(writable, 'state'),
    WB_SCORECARD_JSON: json,
    WB_JUNIT_FILE: junit,
    WB_QUIET: '1',
    // Its temporary files (tsx's cache among them) go to a folder of its own, not a shared /tmp.
    TMPDIR: tmp,
  };
  for (const name of PASSED_THROUGH) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  const { code, output } = await launcher.run({
    argv: [node, path.join(projectRoot, 'bin', 'wb.mjs'), 'test', run.moduleId, '--target', run.targetRoot],
    env,
    readOnly: [...new Set([projectRoot, path.dirname(node), run.targetRoot])],
    writable,
    scratch,
    home,
    timeoutMs: MODULE_TIMEOUT_MS,
  });
  if (existsSync(junit)) copyFileSync(junit, run.junitFile);
  if (!existsSync(json)) return { code, card: undefined, output };
  copyFileSync(json, run.jsonFile);
  return { code, card: JSON.parse(readFileSync(run.jsonFile, 'utf8')) as Scorecard, output };
}
