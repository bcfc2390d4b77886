import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.base';

// `redis` is an optional peer: the `./redis` entry imports it, the root entry never does.
export default defineConfig(
  libraryConfig({ platform: 'node', entry: { index: 'src/index.ts', redis: 'src/redis.ts' } }),
);
