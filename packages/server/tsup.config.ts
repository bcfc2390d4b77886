import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.base';

// `redis` is an optional peer: only the `./redis` entry imports it.
export default defineConfig(
  libraryConfig({
    platform: 'node',
    entry: { index: 'src/index.ts', node: 'src/node.ts', redis: 'src/redis.ts' },
  }),
);
