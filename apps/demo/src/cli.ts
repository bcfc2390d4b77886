import { runCli } from './run-cli';

// `colloquy-demo | head -1`: the reader left; that ends the demo quietly, not with a stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
}

// Explicit exit: a blocking Chat's worker thread or an HTTP keep-alive socket must not hold
// the process open once the conversation is over.
runCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  signals: process,
}).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // Only a bug in the demo gets here; still one line, never a stack trace.
    process.stderr.write(`✖ Unexpected error: ${(error as Error)?.message ?? String(error)}\n`);
    process.exit(1);
  },
);
