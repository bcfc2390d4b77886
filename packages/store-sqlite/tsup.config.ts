import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.base';

// A Node store: its client library stays a dependency, never bundled.
export default defineConfig(libraryConfig({ platform: 'node' }));
