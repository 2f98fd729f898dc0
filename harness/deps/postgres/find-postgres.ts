import { installCommand } from '../install-command.ts';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface PostgresBinaries {
  readonly bindir: string;
  readonly postgres: string;
  readonly initdb: string;
  /** Major version, from the directory name or `postgres --version`. */
  readonly major: number;
}

/** The install command to print when PostgreSQL is missing, per platform. */
/** The packages that install PostgreSQL's server. */
export const postgresPackages = { debian: 'postgresql', homebrew: 'postgresql@15' } as const;

export function postgresInstallHint(): string {
  return installCommand(postgresPackages);
}

/**
 * Finds `postgres` and `initdb`. Debian and Ubuntu keep them off PATH under
 * /usr/lib/postgresql/<major>/bin (newest major wins); Homebrew and most others put them on PATH.
 * `WB_POSTGRES_BINDIR` names a folder to try first; `WB_POSTGRES_SEARCH_PATH` replaces the whole
 * search (folders separated like PATH), which is how the tests play a machine without PostgreSQL.
 */
export function findPostgresBinaries(): PostgresBinaries | undefined {
  const dirs: string[] = [];
  if (process.env.WB_POSTGRES_BINDIR) dirs.push(process.env.WB_POSTGRES_BINDIR);
  if (process.env.WB_POSTGRES_SEARCH_PATH !== undefined) {
    dirs.push(...process.env.WB_POSTGRES_SEARCH_PATH.split(path.delimiter).filter(Boolean));
  } else {
    const debianRoot = '/usr/lib/postgresql';
    if (existsSync(debianRoot)) {
      const majors = readdirSync(debianRoot).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a));
      dirs.push(...majors.map((major) => path.join(debianRoot, major, 'bin')));
    }
    dirs.push(...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean));
  }
  for (const bindir of dirs) {
    const postgres = path.join(bindir, 'postgres');
    const initdb = path.join(bindir, 'initdb');
    if (existsSync(postgres) && existsSync(initdb)) return { bindir, postgres, initdb, major: majorOf(bindir) };
  }
  return undefined;
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

/** The uid/gid to run PostgreSQL as: it refuses to run as root, so root runs it as `postgres`. */
export function postgresRunAs(): { uid: number; gid: number; name: string } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid), name: 'postgres' };
}
