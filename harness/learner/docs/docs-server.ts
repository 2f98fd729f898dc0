import { mkdirSync, rmSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { stateDir } from '../../paths.ts';
import { buildSite } from './build-site.ts';
import { docsServerFile, type DocsServerRecord } from './docs-address.ts';

export interface DocsServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Builds the site into `.wb/docs/` and serves it on 127.0.0.1. The learner's results change as they
 * work: a new result rebuilds the site (a few milliseconds), so a reload shows the new progress.
 */
export async function serveDocs(options: { port?: number } = {}): Promise<DocsServer> {
  const outDir = path.join(stateDir, 'docs');
  await buildSite(outDir);
  const app: FastifyInstance = Fastify({ logger: false });
  await app.register(fastifyStatic, { root: outDir, index: ['index.html'] });
  const address = await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const url = `${address.replace('localhost', '127.0.0.1')}/`;
  mkdirSync(stateDir, { recursive: true });
  writeFileSync(docsServerFile(), `${JSON.stringify({ url, pid: process.pid } satisfies DocsServerRecord)}\n`);
  const results = path.join(stateDir, 'results');
  mkdirSync(results, { recursive: true });
  let rebuild: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(results, () => {
    clearTimeout(rebuild);
    rebuild = setTimeout(() => void buildSite(outDir).catch(() => {}), 100);
  });
  return {
    url,
    async close() {
      watcher.close();
      clearTimeout(rebuild);
      rmSync(docsServerFile(), { force: true });
      await app.close();
    },
  };
}
