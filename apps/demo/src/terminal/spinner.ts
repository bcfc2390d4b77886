const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

interface Output {
  write(text: string): unknown;
}

/**
 * A one-line spinner for a terminal, shown until the reply's first chunk. It draws its
 * first frame at once (so even a quick reply shows it) and erases its line when stopped.
 */
export class Spinner {
  private timer: ReturnType<typeof setInterval> | undefined;
  private frame = 0;

  constructor(
    private readonly out: Output,
    private readonly label: (frame: string) => string,
    private readonly intervalMs = 80,
  ) {}

  get spinning(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.frame = 0;
    this.draw();
    this.timer = setInterval(() => this.draw(), this.intervalMs);
    // A forgotten spinner must not keep the process alive.
    this.timer.unref();
  }

  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.out.write('\r\x1b[2K');
  }

  private draw(): void {
    const frame = FRAMES[this.frame % FRAMES.length] as string;
    this.frame++;
    this.out.write(`\r${this.label(frame)}`);
  }
}
