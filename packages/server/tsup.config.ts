import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.base';

export default defineConfig(
  libraryConfig({
    platform: 'node',
    entry: { index: 'src/index.ts', node: 'src/node.ts' },
  }),
);
