#!/usr/bin/env node
// The `limber` command: runs the TypeScript CLI through tsx, so `npx limber ...` works after npm install.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../functions/cli/main.ts');
await main(process.argv);
