#!/usr/bin/env node
// `npm run web [-- flags]`: install if needed, build the web chat and what it uses, serve it.
import { runApp } from './run-app.mjs';

runApp({ pkg: '@colloquy/web', entry: 'apps/web/dist/server.js', label: 'the web chat' });
