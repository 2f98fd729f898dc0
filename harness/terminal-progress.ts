import { paint } from './terminal.ts';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * On a terminal, one line that turns and counts seconds until it is stopped, then erases itself;
 * elsewhere (a pipe, CI, a log) nothing. Returns the stop function and the seconds so far.
 */
export function liveLine(label: string, stream: NodeJS.WriteStream = process.stdout): { stop: () => void; seconds: () => string } {
  const started = performance.now();
  const seconds = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
  if (stream.isTTY !== true || process.env.WB_QUIET === '1') return { stop: () => {}, seconds };
  let frame = 0;
  const draw = (): void => void stream.write(`\r\u001b[2K${paint('cyan', FRAMES[frame++ % FRAMES.length]!, stream)} ${label} ${paint('dim', seconds(), stream)}`);
  const timer = setInterval(draw, 100);
  draw();
  return {
    stop: () => {
      clearInterval(timer);
      stream.write('\r\u001b[2K');
    },
    seconds,
  };
}

/**
 * A long step (a server start, an image pull): a live line while it runs on a terminal, and one
 * plain line with its time when it ends, anywhere. `WB_QUIET` silences it (`wb grade` reports for itself).
 */
export async function withProgress<T>(label: string, work: () => Promise<T>, stream: NodeJS.WriteStream = process.stdout): Promise<T> {
  if (process.env.WB_QUIET === '1') return work();
  const line = liveLine(label, stream);
  try {
    const result = await work();
    line.stop();
    stream.write(`${paint('dim', `${label}: done in ${line.seconds()}`, stream)}\n`);
    return result;
  } catch (error) {
    line.stop();
    stream.write(`${paint('red', `${label}: failed after ${line.seconds()}`, stream)}\n`);
    throw error;
  }
}
