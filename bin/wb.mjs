#!/usr/bin/env node
// The `wb` command. Plain JavaScript so that it can check the Node version before anything that
// needs a newer one loads, then it hands over to the TypeScript CLI through tsx.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `WB_ERR_NODE_TOO_OLD: Node ${process.versions.node} is too old: workbench needs Node 22.12 or newer. ` +
      'Install a current Node (https://nodejs.org, nvm or fnm), then run the command again.',
  );
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
await import('../harness/cli/main.ts');
