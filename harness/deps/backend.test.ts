import { afterEach, describe, expect, test, vi } from 'vitest';
import { backendSetting, chooseBackend } from './backend.ts';

afterEach(() => vi.unstubAllEnvs());

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

  test('auto falls back to native when Docker does not answer but PostgreSQL is installed', async () => {
    vi.stubEnv('DOCKER_HOST', 'unix:///nonexistent/docker.sock');
    await expect(chooseBackend(['postgres'], 'auto')).resolves.toMatchObject({ backend: 'native' });
  });
});
