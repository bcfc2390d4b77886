import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.base';

// Adapters built on the kit run in browsers and edge runtimes too: no node: imports.
export default defineConfig(libraryConfig());
