// Profiling entry for scenario 2: one client of one format, many times, against the bench server.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof src/profile/streaming.mjs gemini ours 20000 30
// The client is picked by kind (limit, ours, ours-diag, peer) or by a part of its name.
import { clientsByFormat } from '../lib/clients.mjs';
import { startServer } from '../lib/sse-server.mjs';

const [format = 'gemini', pick = 'ours', events = '20000', times = '30'] = process.argv.slice(2);
const server = await startServer();
const clients = await clientsByFormat[format](server.url);
const client = clients.find((c) => c.kind === pick) ?? clients.find((c) => c.name.includes(pick));
if (!client) throw new Error(`no client ${pick} for ${format}`);
await client.stream(Number(events));
const start = performance.now();
const cpu = process.cpuUsage();
for (let i = 0; i < Number(times); i++) await client.stream(Number(events));
const used = process.cpuUsage(cpu);
const ms = (performance.now() - start) / Number(times);
console.log(
  `${client.name}: ${ms.toFixed(1)} ms wall, ${((used.user + used.system) / 1000 / Number(times)).toFixed(1)} ms cpu per stream of ${events} events`,
);
await server.close();
process.exit(0);
