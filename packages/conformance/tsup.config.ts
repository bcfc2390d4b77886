import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.base';

// Only the suite is published: the harnesses in src/__harness__ depend on the private test
// server and are used by this package's own tests. vitest is a peer: the suite must register
// its cases with the caller's vitest instance.
export default defineConfig(libraryConfig({ platform: 'node', external: ['vitest'] }));
