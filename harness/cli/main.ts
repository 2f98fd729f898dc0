import { parseArgs } from 'node:util';
import { isWorkbenchError, WorkbenchError } from '../errors.ts';
import { targetFromEnv } from '../target.ts';
import { depsCommand } from './commands/deps.ts';
import { doctorCommand } from './commands/doctor.ts';
import { helpCommand } from './commands/help.ts';
import { listCommand } from './commands/list.ts';
import { setupCommand } from './commands/setup.ts';
import { testCommand } from './commands/test.ts';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      json: { type: 'string' },
      t: { type: 'string', short: 't' },
      file: { type: 'string' },
      only: { type: 'string' },
      modules: { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      repo: { type: 'string' },
      ref: { type: 'string' },
      isolation: { type: 'string' },
      hidden: { type: 'string' },
      'time-box': { type: 'string' },
      'no-hints': { type: 'boolean' },
      bundle: { type: 'string' },
      kit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') return helpCommand();
  switch (command) {
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
      return setupCommand();
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
  } else if (error instanceof TypeError && (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`WB_ERR_CLI_USAGE: ${error.message}\nRun \`npx wb help\` for the commands.\n`);
  } else {
    throw error;
  }
  process.exitCode = 2;
}
