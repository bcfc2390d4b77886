// A CLI that fails to connect to a "server" that never answers (and ignores its stdin),
// prints the error and exits at once, as the demo does: the server must not outlive it.
// Runs the built package. Argument: where the server writes its pid.
import { connectMcp } from '@colloquy/mcp';

const [pidFile] = process.argv.slice(2);
const server = `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`;
try {
  await connectMcp({ command: process.execPath, args: ['-e', server] }, { timeoutMs: 500 });
} catch (error) {
  process.stdout.write(`${error.name}: ${error.message}\n`);
  process.exit(1);
}
