#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's loader.
import { register } from 'tsx/esm/api';

register();
process.env.PEERPANEL_CLI = '1';
await import('../src/cli.ts');
