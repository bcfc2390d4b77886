// Shared by the store-process scripts: the parent passes one JSON argument naming the store's
// module, the export that builds a store, and the JSON options to call it with. A child
// process cannot receive a function, so the store is rebuilt here from those.
import { pathToFileURL } from 'node:url';

/** The parsed argument, and the store it describes, opened in this process. */
export async function openStore() {
  const args = JSON.parse(process.argv[2] ?? '{}');
  const url = args.module.startsWith('file:') ? args.module : pathToFileURL(args.module).href;
  const factory = (await import(url))[args.export ?? 'default'];
  if (typeof factory !== 'function') {
    throw new TypeError(`${args.module} has no function export named ${args.export ?? 'default'}`);
  }
  return { args, store: await factory(args.options) };
}
