import path from 'node:path';
import { buildSite } from '../../learner/docs/build-site.ts';
import { serveDocs } from '../../learner/docs/docs-server.ts';
import { paint, say } from '../output.ts';

export interface DocsCommandOptions {
  readonly port?: number;
  /** Write the site here and stop, without serving it. */
  readonly out?: string;
}

/** `wb docs`: the track's SPECs, hints and guides as a site on loopback, with the learner's progress. */
export async function docsCommand(options: DocsCommandOptions): Promise<number> {
  if (options.out) {
    const { pages } = await buildSite(path.resolve(options.out));
    say(`Wrote ${pages} pages into ${options.out}: open ${path.join(options.out, 'index.html')}.`);
    return 0;
  }
  const server = await serveDocs(options.port ? { port: options.port } : {});
  say(`${paint('green', 'docs')} on ${paint('bold', server.url)} · failure messages link into it while it runs · Ctrl-C stops it`);
  const code = await new Promise<number>((resolve) => {
    process.once('SIGINT', () => resolve(130));
    process.once('SIGTERM', () => resolve(130));
  });
  await server.close();
  return code;
}
