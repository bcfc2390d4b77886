// Runs one scenario in this process and writes its result as JSON.
//   node --expose-gc src/scenario.mjs <name> [--quick] [--out file.json] [--server url]
// The runner (run.mjs) starts one such process per scenario, so scenarios cannot disturb each
// other's heap or JIT state; run it by hand to profile one scenario with --cpu-prof.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    server: { type: 'string' },
    only: { type: 'string' },
  },
});

const name = positionals[0];
if (!name) {
  console.error('usage: node --expose-gc src/scenario.mjs <scenario> [--quick] [--out file]');
  process.exit(2);
}

const scenario = await import(`./scenarios/${name}.mjs`);
const started = Date.now();
const result = await scenario.run({
  quick: values.quick,
  serverUrl: values.server,
  only: values.only?.split(','),
});
result.seconds = (Date.now() - started) / 1000;
const json = JSON.stringify(result, null, 2);
if (values.out) writeFileSync(values.out, json);
else console.log(json);
// Keep-alive sockets and worker threads of the clients must not hold the process open.
process.exit(0);
