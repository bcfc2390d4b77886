// Profiling entry for scenario 1: plays conversations of N turns with one runner.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof src/profile/bookkeeping.mjs ours 2000 20
import { runners } from '../scenarios/bookkeeping.mjs';

const [name = 'ours', n = '2000', times = '20'] = process.argv.slice(2);
const start = performance.now();
for (let i = 0; i < Number(times); i++) await runners[name](Number(n));
console.log(`${name}: ${times} x ${n} turns in ${(performance.now() - start).toFixed(1)} ms`);
