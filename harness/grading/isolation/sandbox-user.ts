import { readFileSync } from 'node:fs';

/** The unprivileged user a candidate's code runs as: `nobody`, by its entry in /etc/passwd. */
export function sandboxUser(): { name: string; uid: number; gid: number } {
  const entry = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'nobody');
  // 65534 is nobody's id on Linux distributions that have no entry for it.
  return entry ? { name: 'nobody', uid: Number(entry[2]), gid: Number(entry[3]) } : { name: 'nobody', uid: 65534, gid: 65534 };
}
