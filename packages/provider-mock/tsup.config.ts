import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.base';

// The mock must run wherever chat-core runs: browsers, edge runtimes, worker threads.
export default defineConfig(libraryConfig());
