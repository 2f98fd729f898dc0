import { readdirSync, readFileSync } from 'node:fs';

/**
 * Whether a process is alive, read from /proc where there is one. `kill -0` is not enough: on
 * these VMs an orphan is reaped ~2 s after it exits and answers `kill -0` until then,
 * so a zombie counts as dead here.
 */
export function isProcessAlive(pid: number, startTime?: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return false;
    // Field 22 of stat (index 19 after the command name) is the start time: a different value
    // means the pid was reused by another process.
    return startTime === undefined || fields[19] === startTime;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && process.platform === 'linux') return false;
    return signalReaches(pid);
  }
}

/** The kernel's start time of a process, to tell it apart from a later one with the same pid. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function signalReaches(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Sends a signal to a whole process group, ignoring a group that is already gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * The live processes of a group that were started no earlier than its leader (`leaderStartTime`,
 * in the kernel's clock ticks): a leader that exits can leave members behind (Erlang's epmd,
 * which outlives the broker that started it). Read from /proc; empty where there is none.
 */
export function groupMembers(pgid: number, leaderStartTime: string | undefined): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields: state, ppid, pgrp, ... and the start time at index 19.
      if (Number(fields[2]) !== pgid || fields[0] === 'Z' || fields[0] === 'X') continue;
      if (leaderStartTime !== undefined && Number(fields[19]) < Number(leaderStartTime)) continue;
      members.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return members;
}

export async function waitForExit(pid: number, timeoutMs: number, startTime?: string): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid, startTime)) return true;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return !isProcessAlive(pid, startTime);
}
