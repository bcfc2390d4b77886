// A CLI that fails to connect to a "server" that never answers (and ignores its stdin),
// prints the error and exits at once, as the demo does: the server must not outlive it.
// Runs the built package. Argument: where the server writes its pid.
import { connectMcp } from '@colloquy/mcp';

const [pidFile] = process.argv.slice(2);
// sh writes its pid within milliseconds, even on a loaded machine (node -e could still be
// starting when the timeout kills it); exec keeps that pid for the process that never answers.
const server = `echo $$ > '${pidFile}'; exec sleep 600`;
try {
  await connectMcp({ command: '/bin/sh', args: ['-c', server] }, { timeoutMs: 1_500 });
} catch (error) {
  process.stdout.write(`${error.name}: ${error.message}\n`);
  process.exit(1);
}
