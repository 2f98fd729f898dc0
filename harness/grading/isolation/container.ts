import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getContainerRuntimeClient, ImageName } from 'testcontainers';
import { projectRoot, stateDir } from '../../paths.ts';
import type { IsolatedRun, IsolationLauncher } from './isolation.ts';
import { sandboxUser } from './sandbox-user.ts';

const LABEL = 'org.workbench.grade';
/** The top-level folders programs load from; the host's are lent read-only (or linked, when they are links into /usr). */
const SYSTEM_FOLDERS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/**
 * The grading image: no programs of its own, only the few files a Linux userland expects in
 * /etc, and the host's links from /bin, /lib … into /usr. Node, the servers and their libraries
 * come from the host's /usr, mounted read-only, so the image is built here in a second, from
 * nothing a registry serves, and always matches the packages the native backend uses.
 */
function writeImageContext(dir: string, user: { uid: number; gid: number }): string {
  const root = path.join(dir, 'rootfs');
  for (const folder of ['etc', 'tmp', 'home', 'proc', 'sys', 'dev', 'run']) mkdirSync(path.join(root, folder), { recursive: true });
  writeFileSync(path.join(root, 'etc', 'passwd'), `root:x:0:0:root:/root:/usr/sbin/nologin\nnobody:x:${user.uid}:${user.gid}:nobody:/home/nobody:/usr/sbin/nologin\n`);
  writeFileSync(path.join(root, 'etc', 'group'), `root:x:0:\nnogroup:x:${user.gid}:\n`);
  writeFileSync(path.join(root, 'etc', 'nsswitch.conf'), 'passwd: files\ngroup: files\nhosts: files\n');
  // The dynamic linker finds the multiarch libraries under /usr/lib through this cache.
  if (existsSync('/etc/ld.so.cache')) copyFileSync('/etc/ld.so.cache', path.join(root, 'etc', 'ld.so.cache'));
  for (const folder of SYSTEM_FOLDERS) {
    if (existsSync(folder) && lstatSync(folder).isSymbolicLink()) symlinkSync(readlinkSync(folder), path.join(root, folder.slice(1)));
  }
  writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY rootfs/ /\n');
  const hash = createHash('sha256');
  hash.update(JSON.stringify(user));
  if (existsSync('/etc/ld.so.cache')) hash.update(readFileSync('/etc/ld.so.cache'));
  for (const folder of SYSTEM_FOLDERS) hash.update(existsSync(folder) && lstatSync(folder).isSymbolicLink() ? `${folder}->${readlinkSync(folder)}` : folder);
  return `workbench/grade-sandbox:${hash.digest('hex').slice(0, 12)}`;
}

async function ensureImage(user: { uid: number; gid: number }): Promise<string> {
  const client = await getContainerRuntimeClient();
  const context = mkdtempSync(path.join(tmpdir(), 'wb-grade-image-'));
  try {
    const tag = writeImageContext(context, user);
    const name = ImageName.fromString(tag);
    if (await client.image.exists(name)) return tag;
    await client.image.build(context, { t: tag, labels: { [LABEL]: 'image' } });
    if (!(await client.image.exists(name))) throw new Error(`the Docker engine did not build ${tag}`);
    return tag;
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/**
 * The candidate runs in a container with no network at all (loopback only): its servers run
 * inside it too, from the host's packages, because starting them as sibling containers would
 * need the Docker socket, which is root on the host. It sees the project and its own tree
 * read-only, an empty HOME, and nothing else of the host but /usr.
 */
export function containerIsolation(): IsolationLauncher {
  const user = sandboxUser();
  return {
    mode: 'container',
    note: `The candidate's code ran in a container with no network but its own loopback, as the unprivileged user ${user.name} (${user.uid}), with an empty HOME, no capabilities, and the project and its tree mounted read-only; nothing of the grader's HOME or state was mounted.`,
    async run(run: IsolatedRun) {
      const client = await getContainerRuntimeClient();
      const image = await ensureImage(user);
      const id = randomBytes(6).toString('hex');
      const systemBinds = SYSTEM_FOLDERS.filter((folder) => existsSync(folder) && !lstatSync(folder).isSymbolicLink()).map((folder) => `${folder}:${folder}:ro`);
      const hiddenInProject = [...new Set([path.join(projectRoot, '.wb'), stateDir])].filter((dir) => run.readOnly.some((kept) => dir.startsWith(`${kept}/`)));
      const container = await client.container.create({
        Image: image,
        name: `wb-grade-${id}`,
        Labels: { [LABEL]: id },
        User: `${user.uid}:${user.gid}`,
        Cmd: [...run.argv],
        Env: Object.entries({ PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8', HOME: run.home, ...run.env }).map(([key, value]) => `${key}=${value}`),
        WorkingDir: projectRoot,
        Tty: false,
        HostConfig: {
          NetworkMode: 'none',
          Binds: [...systemBinds, ...run.readOnly.map((dir) => `${dir}:${dir}:ro`), `${run.writable}:${run.writable}:rw`, ...run.scratch.map(({ dir, source }) => `${source}:${dir}:rw`)],
          // The grader's state inside the project (other candidates' copies, results) is covered.
          Tmpfs: Object.fromEntries(['/tmp', ...hiddenInProject].map((dir) => [dir, 'rw,nosuid,nodev,size=64m'])),
          ShmSize: 512 * 1024 * 1024,
          ReadonlyRootfs: true,
          CapDrop: ['ALL'],
          SecurityOpt: ['no-new-privileges'],
          PidsLimit: 4096,
        },
      });
      let output = '';
      try {
        await client.container.start(container);
        const logs = await client.container.logs(container);
        logs.on('data', (chunk: string | Buffer) => {
          output = (output + chunk.toString()).slice(-64 * 1024);
        });
        const timer = setTimeout(() => {
          output += `\nwb grade: the run took longer than ${Math.round(run.timeoutMs / 1000)} s and was stopped.\n`;
          void container.kill().catch(() => {});
        }, run.timeoutMs);
        const result = (await container.wait()) as { StatusCode: number };
        clearTimeout(timer);
        return { code: result.StatusCode, output };
      } finally {
        await client.container.remove(container, { removeVolumes: true }).catch(() => {});
      }
    },
  };
}
