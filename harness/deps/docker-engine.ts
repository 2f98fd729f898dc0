import { request } from 'node:http';

/** Where the Docker client would connect: DOCKER_HOST, else the default socket. */
export function dockerEndpoint(): string {
  return process.env.DOCKER_HOST?.trim() || 'unix:///var/run/docker.sock';
}

/**
 * Whether a Docker engine answers `/_ping` within the timeout. Asked directly rather than through
 * Testcontainers, whose client start-up takes longer than this check needs to.
 */
export function dockerEngineAnswers(timeoutMs = 1500): Promise<boolean> {
  const endpoint = dockerEndpoint();
  const target = endpoint.startsWith('unix://')
    ? { socketPath: endpoint.slice('unix://'.length) }
    : (() => {
        const url = new URL(endpoint.replace(/^tcp:/, 'http:'));
        return { host: url.hostname, port: Number(url.port || 2375) };
      })();
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
