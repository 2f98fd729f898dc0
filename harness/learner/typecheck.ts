import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { projectRoot, stateDir } from '../paths.ts';

export interface TypeCheckResult {
  readonly errors: readonly string[];
  readonly seconds: number;
}

/**
 * Whether a graded tree can be type-checked here: any tree in the project (its packages resolve
 * from the project's node_modules) but the reference, which `npm run typecheck` keeps clean.
 */
export function typeCheckable(target: string, moduleRoot: string): boolean {
  return target !== 'solutions' && !path.relative(projectRoot, moduleRoot).startsWith('..');
}

const tscBin = (): string => path.join(path.dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

/**
 * Type-checks one module's exercise files (what its index.ts reaches), incrementally, with the
 * project's compiler options: ~0.3 s once warm, so it runs beside every `wb test` instead of
 * waiting for `npm run typecheck` (~10 s, every tree). Type errors do not cost points (the tests
 * grade behaviour), but they are often why a test fails.
 */
export function typeCheckModule(moduleRoot: string, moduleId: string): Promise<TypeCheckResult> {
  const dir = path.join(stateDir, 'typecheck', moduleId);
  mkdirSync(dir, { recursive: true });
  const config = path.join(dir, 'tsconfig.json');
  writeFileSync(
    config,
    `${JSON.stringify({ extends: path.join(projectRoot, 'tsconfig.json'), compilerOptions: { incremental: true, tsBuildInfoFile: path.join(dir, 'tsbuildinfo'), typeRoots: [path.join(projectRoot, 'node_modules', '@types')] }, include: [], files: [path.join(moduleRoot, 'index.ts')] }, null, 2)}\n`,
  );
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [tscBin(), '-p', config, '--pretty', 'false'], { cwd: projectRoot, maxBuffer: 16 * 1024 * 1024 }, (_error, stdout) => {
      const errors = stdout
        .split('\n')
        .filter((line) => /error TS\d+/.test(line))
        .map((line) => line.replace(`${projectRoot}${path.sep}`, ''));
      resolve({ errors, seconds: (performance.now() - started) / 1000 });
    });
  });
}
