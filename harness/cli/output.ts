import { paint } from '../terminal.ts';

export { paint };
export const say = (line = ''): void => void process.stdout.write(`${line}\n`);
export const warn = (line: string): void => void process.stderr.write(`${paint('yellow', line, process.stderr)}\n`);
