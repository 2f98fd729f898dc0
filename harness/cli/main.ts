import { parseArgs } from 'node:util';
import { isWorkbenchError, WorkbenchError } from '../errors.ts';
import { targetFromEnv } from '../target.ts';
import { depsCommand } from './commands/deps.ts';
import { doctorCommand } from './commands/doctor.ts';
import { helpCommand } from './commands/help.ts';
import { listCommand } from './commands/list.ts';
import { setupCommand } from './commands/setup.ts';
import { testCommand } from './commands/test.ts';

/** Each option, and for one that takes a value, what the value is: the usage errors name it. */
const OPTIONS = {
  target: { type: 'string', value: 'exercises, solutions or a directory' },
  json: { type: 'string', value: 'a file to write the scorecard to' },
  t: { type: 'string', short: 't', value: 'part of a test name, e.g. -t "concurrent PATCH"' },
  file: { type: 'string', value: 'a mutants file' },
  only: { type: 'string', value: 'part of a mutant name' },
  modules: { type: 'string', value: 'module ids separated by commas, e.g. 01-rest-api,02-caching' },
  out: { type: 'string', value: 'a directory' },
  format: { type: 'string', value: 'formats separated by commas: json,md,html,junit,classroom' },
  repo: { type: 'string', value: 'a path or a Git URL' },
  ref: { type: 'string', value: 'a branch, tag or commit' },
  isolation: { type: 'string', value: 'auto, container, user or none' },
  hidden: { type: 'string', value: 'a ratio such as 0.3, or test files and requirement ids separated by commas' },
  'time-box': { type: 'string', value: 'a duration such as 4h' },
  'no-hints': { type: 'boolean' },
  'no-install': { type: 'boolean' },
  bundle: { type: 'string', value: 'a directory' },
  kit: { type: 'string', value: 'a grading bundle directory' },
  yes: { type: 'boolean', short: 'y' },
  port: { type: 'string', value: 'a port number on 127.0.0.1' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * The command line, or one sentence that names the option at fault: node's own parse errors
 * (`Option '-t, --t <value>' argument missing`) speak to programmers, not to the person typing.
 */
function parseCommandLine(argv: string[]) {
  const options = Object.fromEntries(Object.entries(OPTIONS).map(([name, { type, ...rest }]) => [name, { type, ...('short' in rest ? { short: rest.short } : {}) }])) as {
    [K in keyof typeof OPTIONS]: { type: (typeof OPTIONS)[K]['type']; short?: string };
  };
  try {
    return parseArgs({ args: argv, allowPositionals: true, options });
  } catch (error) {
    const code = (error as { code?: string }).code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const option = /'(-[^']*)'/.exec(message)?.[1] ?? 'that option';
      throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: `There is no option ${option}.` });
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const name = /--([\w-]+)/.exec(message)?.[1] as keyof typeof OPTIONS | undefined;
      const option = name && name in OPTIONS ? OPTIONS[name] : undefined;
      const spelled = option && 'short' in option ? `-${option.short}` : `--${name}`;
      if (option && 'value' in option) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: `${spelled} needs a value: ${option.value}.` });
      if (option) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: `${spelled} takes no value.` });
    }
    throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: message.replace(/\.?$/, '.') });
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') return helpCommand();
  const moduleArg = (example: string): string => {
    if (!rest[0]) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: `Which module? e.g. \`npx wb ${command} ${example}\`.` });
    return rest[0];
  };
  switch (command) {
    case undefined: {
      const { statusCommand } = await import('./commands/status.ts');
      return statusCommand();
    }
    case 'watch': {
      const { watchCommand } = await import('./commands/watch.ts');
      return watchCommand({ ...(rest[0] ? { module: rest[0] } : {}), ...(rest[1] ? { requirement: rest[1] } : {}), target: values.target ?? targetFromEnv() });
    }
    case 'ui': {
      const { uiCommand } = await import('./commands/ui.ts');
      return uiCommand({ ...(rest[0] ? { module: rest[0] } : {}), target: values.target ?? targetFromEnv(), ...(values.port ? { port: Number(values.port) } : {}) });
    }
    case 'docs': {
      const { docsCommand } = await import('./commands/docs.ts');
      return docsCommand({ ...(values.port ? { port: Number(values.port) } : {}), ...(values.out ? { out: values.out } : {}) });
    }
    case 'hint': {
      const { hintCommand } = await import('./commands/hint.ts');
      return hintCommand(moduleArg('01-rest-api list-pagination'), rest[1]);
    }
    case 'reset': {
      const { resetCommand } = await import('./commands/reset.ts');
      return resetCommand({ module: moduleArg('01-rest-api [file]'), ...(rest[1] ? { file: rest[1] } : {}), ...(values.yes ? { yes: true } : {}) });
    }
    case 'spec': {
      const { specCommand } = await import('./commands/spec.ts');
      return specCommand(moduleArg('01-rest-api validation'), rest[1]);
    }
    case 'list':
      return listCommand();
    case 'test': {
      if (!rest[0]) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: 'Which module? e.g. `npx wb test 01-rest-api`.' });
      return testCommand({
        module: rest[0],
        target: values.target ?? targetFromEnv(),
        ...(values.json ? { json: values.json } : {}),
        ...(values.t ? { vitestArgs: ['-t', values.t] } : {}),
      });
    }
    case 'grade': {
      const { gradeCommand } = await import('./commands/grade.ts');
      return gradeCommand({
        target: values.target ?? targetFromEnv(),
        ...(values.modules ? { modules: values.modules } : {}),
        ...(values.out ? { out: values.out } : {}),
        ...(values.format ? { format: values.format } : {}),
        ...(values.repo ? { repo: values.repo } : {}),
        ...(values.ref ? { ref: values.ref } : {}),
        ...(values.isolation ? { isolation: values.isolation } : {}),
      });
    }
    case 'takehome': {
      const { takehomeCommand } = await import('./commands/takehome.ts');
      return takehomeCommand(rest[0], rest[1], {
        ...(values.modules ? { modules: values.modules } : {}),
        ...(values.hidden ? { hidden: values.hidden } : {}),
        ...(values['time-box'] ? { timeBox: values['time-box'] } : {}),
        ...(values['no-hints'] ? { noHints: true } : {}),
        ...(values.out ? { out: values.out } : {}),
        ...(values.bundle ? { bundle: values.bundle } : {}),
        ...(values.kit ? { kit: values.kit } : {}),
        ...(values.ref ? { ref: values.ref } : {}),
        ...(values.format ? { format: values.format } : {}),
        ...(values.isolation ? { isolation: values.isolation } : {}),
      });
    }
    case 'mutants': {
      if (!rest[0]) throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: 'Which module? e.g. `npx wb mutants 01-rest-api`.' });
      // Loaded on demand: it brings vitest's Node API, which every other command would pay for.
      const { mutantsCommand } = await import('./commands/mutants.ts');
      return mutantsCommand({ module: rest[0], ...(values.file ? { file: values.file } : {}), ...(values.only ? { only: values.only } : {}), ...(values.json ? { json: values.json } : {}) });
    }
    case 'doctor':
      return doctorCommand();
    case 'deps':
      return depsCommand(rest[0]);
    case 'setup':
      return setupCommand({ install: !values['no-install'] });
    default:
      throw new WorkbenchError('WB_ERR_CLI_USAGE', { problem: `Unknown command '${command}'.` });
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Known failures are one actionable sentence; only a harness bug shows a stack trace.
  if (isWorkbenchError(error)) {
    process.stderr.write(`${error.code}: ${error.message}\n`);
  } else {
    throw error;
  }
  process.exitCode = 2;
}
