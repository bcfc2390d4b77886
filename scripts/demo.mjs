#!/usr/bin/env node
// `npm run demo [-- flags]`: install if needed, build the demo and what it uses, run it.
import { runApp } from './run-app.mjs';

runApp({ pkg: '@colloquy/demo', entry: 'apps/demo/dist/cli.js', label: 'the demo' });
