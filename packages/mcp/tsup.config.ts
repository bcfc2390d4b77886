import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.base';

// Node: the stdio transport starts the server as a child process.
export default defineConfig(libraryConfig({ platform: 'node' }));
