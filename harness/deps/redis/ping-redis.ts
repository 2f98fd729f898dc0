import { Redis } from 'ioredis';

/** The server's version once it answers PING within the time given, or undefined. */
export async function pingRedis(uri: string, timeoutMs = 1000): Promise<string | undefined> {
  // A frozen server accepts connections (the kernel's backlog) and answers nothing, so the
  // whole exchange gets one deadline, not each step its own.
  const client = new Redis(uri, { lazyConnect: true, enableReadyCheck: false, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), timeoutMs)));
  const ask = async (): Promise<string | undefined> => {
    await client.connect();
    if ((await client.ping()) !== 'PONG') return undefined;
    return `Redis ${/redis_version:(\S+)/.exec(await client.info('server'))?.[1] ?? '?'}`;
  };
  try {
    return await Promise.race([ask().catch(() => undefined), deadline]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
