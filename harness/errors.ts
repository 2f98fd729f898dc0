/**
 * One registry of the harness's coded errors (after Fastify's lib/errors.js). Each code has a
 * message template that says what happened and what to do; docs/errors.md lists every code, and
 * a test keeps the two in step.
 */
type Params = Record<string, string | number>;
/** A message's parameters, by name. */
type P<Name extends string> = Readonly<Record<Name, string | number>>;

interface ErrorDefinition {
  /** A sentence or two for the person at the terminal: what happened, then what to do. */
  readonly message: (params: never) => string;
}

export const errorDefinitions = {
  WB_ERR_NODE_TOO_OLD: {
    message: (p: P<'found' | 'required'>) => `Node ${p.found} is too old: workbench needs Node ${p.required} or newer. Install a current Node (https://nodejs.org, nvm or fnm), then run the command again.`,
  },
  WB_ERR_DEPS_BACKEND_INVALID: {
    message: (p: P<'value'>) => `WB_DEPS is '${p.value}', which is not a backend. Use WB_DEPS=auto (the default), WB_DEPS=native or WB_DEPS=containers.`,
  },
  WB_ERR_DEPS_MISSING: {
    message: (p: P<'install' | 'kind' | 'missing'>) => `Cannot start ${p.kind}: no Docker engine answers and ${p.missing}. Run \`${p.install}\` or start Docker, then \`npx wb doctor\` to check.`,
  },
  WB_ERR_DEPS_DOCKER_UNAVAILABLE: {
    message: (p: P<'where'>) => `WB_DEPS=containers, but no Docker engine answers at ${p.where}. Start Docker (or set DOCKER_HOST), or run with WB_DEPS=native.`,
  },
  WB_ERR_DEPS_IMAGE_UNAVAILABLE: {
    message: (p: P<'fix' | 'image' | 'kind' | 'reason' | 'where'>) => `The Docker engine at ${p.where} cannot run ${p.kind}: it has no image ${p.image} and cannot pull it (${p.reason}). ${p.fix}.`,
  },
  WB_ERR_DEPS_NATIVE_MISSING: {
    message: (p: P<'install' | 'missing'>) => `WB_DEPS=native, but ${p.missing}. Run \`${p.install}\`, or run with WB_DEPS=containers if Docker is available.`,
  },
  WB_ERR_DEPS_START_FAILED: {
    message: (p: P<'backend' | 'kind' | 'log' | 'logPath' | 'reason'>) => `${p.kind} (${p.backend}) did not become ready: ${p.reason}.${p.log ? `\nLast lines of its log (${p.logPath}):\n${p.log}` : ''}\nRun \`npx wb doctor\`; if it persists, \`npx wb deps down\` clears what a previous run left.`,
  },
  WB_ERR_MODULE_UNKNOWN: {
    message: (p: P<'name' | 'valid'>) => `There is no module '${p.name}'. Modules, in track order: ${p.valid}.`,
  },
  WB_ERR_TARGET_NOT_FOUND: {
    message: (p: P<'looked' | 'module' | 'target'>) => `The target '${p.target}' has no ${p.module}/index.ts (looked in ${p.looked}). Use --target exercises, --target solutions, or a directory that holds ${p.module}/ (or exercises/${p.module}/).`,
  },
  WB_ERR_CANDIDATE_CLONE: {
    message: (p: P<'reason' | 'ref' | 'source'>) => `Could not check out ${p.source} at ${p.ref} to grade it: ${p.reason}. Check the path or URL and the ref (--ref branch, tag or commit).`,
  },
  WB_ERR_ISOLATION_UNAVAILABLE: {
    message: (p: P<'mode' | 'reason'>) => `--isolation ${p.mode} cannot run here: ${p.reason}. Use --isolation auto to take the strongest isolation this machine has.`,
  },
  WB_ERR_KIT_OUT_EXISTS: {
    message: (p: P<'dir'>) => `${p.dir} exists and is not empty: \`wb takehome create\` writes a new kit and bundle only into empty or new folders. Choose another --out (or --bundle), or remove it.`,
  },
  WB_ERR_KIT_REFERENCE_IMPORT: {
    message: (p: P<'file'>) => `${p.file} imports the reference solution (directly or through another file), so no kit can include it, and a kit without it would not grade the same. Make the test stand on its own.`,
  },
  WB_ERR_KIT_BUNDLE: {
    message: (p: P<'bundle' | 'reason'>) => `${p.bundle} is not a take-home grading bundle: ${p.reason}.`,
  },
  WB_ERR_KIT_STALE: {
    message: (p: P<'commit' | 'files' | 'kit'>) => `The tests of kit ${p.kit} changed since it was cut: ${p.files} differ from the bundle's record. Grade it from workbench commit ${p.commit} (\`git worktree add ../grade-kit ${p.commit}\`), so the candidate is graded by the tests the kit was made with.`,
  },
  WB_ERR_LOAD_FAILED: {
    message: (p: P<'reason' | 'url'>) => `The load run against ${p.url} failed: ${p.reason}.`,
  },
  WB_ERR_REQUIREMENT_UNKNOWN: {
    message: (p: P<'name' | 'module' | 'valid'>) => `${p.module} has no requirement '${p.name}'. Its requirements, in SPEC order: ${p.valid}.`,
  },
  WB_ERR_RESET_UNAVAILABLE: {
    message: (p: P<'module' | 'why'>) => `Cannot reset ${p.module}: ${p.why}. Nothing was changed.`,
  },
  WB_ERR_CLI_USAGE: {
    message: (p: P<'problem'>) => `${p.problem}\nRun \`npx wb help\` for the commands.`,
  },
} satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof errorDefinitions;

/** The parameters a code's message fills in: a missing or misspelt one is a compile error. */
export type ErrorParams<Code extends ErrorCode> = Parameters<(typeof errorDefinitions)[Code]['message']>[0];

export class WorkbenchError<Code extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'WorkbenchError';
  readonly params: Params;
  constructor(
    readonly code: Code,
    params: ErrorParams<Code>,
    options?: { cause?: unknown },
  ) {
    super((errorDefinitions[code].message as (params: ErrorParams<Code>) => string)(params), options);
    this.params = params as Params;
  }
}

export function isWorkbenchError(value: unknown): value is WorkbenchError {
  return value instanceof WorkbenchError;
}
