import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { backendSetting, chooseBackend } from './backend.ts';

const cleanups: Array<() => void> = [];
afterEach(() => {
  vi.unstubAllEnvs();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/**
 * A Docker engine that answers its ping but has no images and no registry, as on a machine with
 * Docker and no network: the engine API's own answers, on a socket of its own.
 */
async function engineWithoutImages(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wb-engine-'));
  const socket = path.join(dir, 'docker.sock');
  const server: Server = createServer((request, response) => {
    const url = request.url ?? '';
    const reply = (status: number, body: unknown): void => void response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (url.endsWith('/_ping')) return void response.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
    if (/\/images\/.+\/json/.test(url)) return reply(404, { message: 'No such image: postgres:15-alpine' });
    if (/\/distribution\/.+\/json/.test(url)) return reply(500, { message: 'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io: no such host' });
    return reply(404, { message: `unexpected ${request.method} ${url}` });
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  cleanups.push(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  vi.stubEnv('DOCKER_HOST', `unix://${socket}`);
  // CI names its locally built image; these tests name the default one.
  vi.stubEnv('WB_POSTGRES_IMAGE', 'postgres:15-alpine');
}

/** A machine with neither Docker nor PostgreSQL, as far as the harness can tell. */
function bareMachine(): void {
  vi.stubEnv('DOCKER_HOST', 'unix:///nonexistent/docker.sock');
  vi.stubEnv('WB_POSTGRES_SEARCH_PATH', '');
  vi.stubEnv('WB_POSTGRES_BINDIR', '');
}

describe('choosing a backend', () => {
  test('rejects an unknown WB_DEPS value with the valid ones', () => {
    expect(() => backendSetting('docker')).toThrow(expect.objectContaining({ code: 'WB_ERR_DEPS_BACKEND_INVALID', message: expect.stringContaining('WB_DEPS=native') }));
  });

  test('auto with neither Docker nor PostgreSQL says what to install or start', async () => {
    bareMachine();
    await expect(chooseBackend(['postgres'], 'auto')).rejects.toMatchObject({
      code: 'WB_ERR_DEPS_MISSING',
      message: expect.stringMatching(/no Docker engine answers.*apt-get install postgresql.*start Docker/s),
    });
  });

  test('containers without an engine names the socket it tried', async () => {
    bareMachine();
    await expect(chooseBackend(['postgres'], 'containers')).rejects.toMatchObject({ code: 'WB_ERR_DEPS_DOCKER_UNAVAILABLE', message: expect.stringContaining('/nonexistent/docker.sock') });
  });

  test('native without binaries gives the install command', async () => {
    bareMachine();
    await expect(chooseBackend(['postgres'], 'native')).rejects.toMatchObject({ code: 'WB_ERR_DEPS_NATIVE_MISSING', message: expect.stringContaining('apt-get install postgresql') });
  });

  test('auto falls back to native, saying why, when the engine answers but can neither find nor pull the image', async () => {
    await engineWithoutImages();
    await expect(chooseBackend(['postgres'], 'auto')).resolves.toMatchObject({
      backend: 'native',
      reason: expect.stringMatching(/has no image postgres:15-alpine and cannot pull it \(.*no such host\), so native servers/),
    });
  });

  test('containers, or auto without native servers, with an engine that cannot get the image says so in one sentence', async () => {
    await engineWithoutImages();
    await expect(chooseBackend(['postgres'], 'containers')).rejects.toMatchObject({ code: 'WB_ERR_DEPS_IMAGE_UNAVAILABLE', message: expect.stringMatching(/no image postgres:15-alpine and cannot pull it .*WB_POSTGRES_IMAGE names another image/) });
    vi.stubEnv('WB_POSTGRES_SEARCH_PATH', '');
    vi.stubEnv('WB_POSTGRES_BINDIR', '');
    await expect(chooseBackend(['postgres'], 'auto')).rejects.toMatchObject({ code: 'WB_ERR_DEPS_IMAGE_UNAVAILABLE', message: expect.stringContaining('apt-get install postgresql') });
  });

  test('auto falls back to native when Docker does not answer but PostgreSQL is installed', async () => {
    vi.stubEnv('DOCKER_HOST', 'unix:///nonexistent/docker.sock');
    await expect(chooseBackend(['postgres'], 'auto')).resolves.toMatchObject({ backend: 'native' });
  });
});
