#!/usr/bin/env node
// The `limber` command: runs the TypeScript CLI through tsx, so `npx limber ...` works after npm install.
import { register } from 'tsx/esm/api';

// The AWS SDK warns on every run that Node 20 support ends in 2027; the CLI is not the place for it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { main } = await import('../cli/main.ts');
await main(process.argv);
