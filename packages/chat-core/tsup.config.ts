import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.base';

// The core entry must import cleanly in browsers and edge runtimes (platform: neutral).
export default defineConfig(libraryConfig());
