import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  type GenAICallableTool,
  type SessionHead,
  SessionNotFoundError,
  type SessionStore,
} from '@colloquy/chat-core';
import { KNOWN_PROVIDER_NAMES, KNOWN_PROVIDERS } from '@colloquy/providers';
import { type Command, parseCommand } from './commands/parse-command';
import { checkProviderName } from './config/check-provider-name';
import { type DemoSettings, targetFor } from './config/demo-settings';
import { DemoError } from './demo-error';
import { type ChatMode, ChatSession, listDemoSessions } from './session/chat-session';
import { providerLabel } from './session/provider-label';
import { createSessionFile, parseSessionFile } from './session/session-file';
import type { UsageTotals } from './session/usage-tally';
import type { Style } from './terminal/create-style';
import { describeError } from './terminal/describe-error';
import { formatContents, formatTurns } from './terminal/format-history';
import { ReplyPrinter } from './terminal/reply-printer';
import { createDemoTools, type ToolRun } from './tools/create-demo-tools';
import { commandsText } from './usage-text';

interface Output {
  write(text: string): unknown;
}

export interface DemoAppOptions {
  stdout: Output;
  stderr: Output;
  style: Style;
  /** For stderr, which may be a terminal when stdout is not, or the reverse. */
  errorStyle: Style;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** A person at a terminal: labels, a spinner, notices. Otherwise output is for scripts. */
  interactive: boolean;
  /** Whether stdout is a terminal (the spinner needs one). */
  stdoutIsTty: boolean;
  stream: boolean;
  mode: ChatMode;
  /**
   * Around each send of the blocking Chat: the thread is blocked, so the abort signal cannot
   * be fired; the CLI lets Ctrl-C end the process instead while it is.
   */
  blocking?: { enter(): void; leave(): void };
  /**
   * Where conversations persist (closed with the app), and how to name it in messages. An
   * interactive demo continues the most recent stored conversation.
   */
  store?: { store: SessionStore; label: string };
}

/** The short form of a session id the demo shows (and `/open` accepts). */
function shortId(id: string): string {
  return id.slice(0, 8);
}

function turnCount(count: number): string {
  return `${count} turn${count === 1 ? '' : 's'}`;
}

/** What an interrupt (Ctrl-C) did. */
export type InterruptOutcome = 'aborted' | 'idle' | 'again';

/** What happened to a sent message. */
export type SendOutcome = 'ok' | 'interrupted' | 'failed';

/**
 * The demo's behaviour, independent of where lines come from: commands, sending with
 * streaming and abort, and how everything is shown.
 */
export class DemoApp {
  private session!: ChatSession;
  private settings!: DemoSettings;
  private printer: ReplyPrinter | undefined;
  private inFlight: AbortController | undefined;
  /** The stored session the demo continued at start, for the banner. */
  private continued: SessionHead | undefined;
  /** Why the latest stored conversation could not be continued, for the banner. */
  private notContinued: string | undefined;
  /** Sends and commands that failed, for the exit code of non-interactive runs. */
  failures = 0;
  /** Tools of the `--mcp` servers, offered beside the demo's own. */
  private mcpTools: GenAICallableTool[] = [];

  constructor(private readonly options: DemoAppOptions) {}

  /**
   * Opens the first session; a ConfigurationError (a missing key...) is thrown to the caller.
   * MCP servers' tools join the demo's own, and turn tools on.
   */
  async open(settings: DemoSettings, mcpTools: GenAICallableTool[] = []): Promise<void> {
    this.settings = settings;
    this.mcpTools = mcpTools;
    const store = this.options.store?.store;
    try {
      // A person at a terminal picks up where they left off; a script starts afresh.
      if (store && this.options.interactive) [this.continued] = await listDemoSessions(store);
    } catch (error) {
      await store?.close().catch(() => {});
      throw error;
    }
    const open = (resume: string | undefined) =>
      ChatSession.open({
        ...(store ? { store } : {}),
        ...(resume === undefined ? {} : { resume }),
        target: settings.target,
        config: settings.config,
        mode: this.options.mode,
        tools: [...createDemoTools({ onRun: (run) => this.showToolRun(run) }), ...mcpTools],
        toolsEnabled: settings.tools || mcpTools.length > 0,
      });
    try {
      this.session = await open(this.continued?.id);
    } catch (error) {
      if (!this.continued) throw error;
      // A stored conversation that cannot be continued (corrupt, say) must not lock the demo out.
      this.notContinued = `Could not continue conversation ${shortId(this.continued.id)} (${describeError(error)}).`;
      this.continued = undefined;
      this.session = await open(undefined);
    }
  }

  close(): void {
    if (this.session) this.session.close();
    else this.options.store?.store.close().catch(() => {});
  }

  private get style(): Style {
    return this.options.style;
  }

  private say(text: string): void {
    this.options.stdout.write(`${text}\n`);
  }

  private notice(text: string): void {
    this.say(this.options.interactive ? this.style.dim(text) : text);
  }

  private fail(error: unknown): void {
    this.failures++;
    this.options.stderr.write(
      `${this.options.errorStyle.error(`✖ ${describeError(error, this.secrets())}`)}\n`,
    );
  }

  /** Every key the demo could know, masked from anything it prints. */
  private secrets(): string[] {
    const keys = new Set<string>();
    const profiles = Object.values(this.settings?.profiles ?? {});
    for (const options of [this.session?.target.options, ...profiles.map((p) => p.options)]) {
      const key = options?.apiKey;
      if (typeof key === 'string') keys.add(key);
    }
    for (const provider of Object.values(KNOWN_PROVIDERS)) {
      for (const name of provider.keyEnv) {
        const value = this.options.env[name];
        if (value) keys.add(value);
      }
    }
    return [...keys];
  }

  /** What to show at the start of an interactive session. */
  banner(): string {
    const { provider, model } = this.session.target;
    const where = [
      this.settings.source === 'built-in default'
        ? 'built-in default'
        : `from ${this.settings.source}`,
      ...(provider === 'mock' ? ['no key, no network'] : []),
      ...(this.options.mode === 'sync' ? ['blocking Chat'] : []),
    ].join(', ');
    const keys =
      this.options.mode === 'sync'
        ? 'Ctrl-C ends the demo (a blocking Chat cannot stop a reply); /exit quits.'
        : 'Ctrl-C stops a reply; Ctrl-C at the prompt or /exit quits.';
    const lines = [
      `${this.style.bold('Colloquy demo')} · ${providerLabel(provider)} / ${model} (${where})`,
      this.style.dim(`Type a message, or /help for the commands. ${keys}`),
    ];
    const stored = this.options.store;
    const id = this.session.sessionId;
    if (stored && id !== undefined) {
      const turns = this.session.getTurns().length;
      if (this.notContinued) lines.push(this.style.error(this.notContinued));
      lines.push(
        this.style.dim(
          this.continued
            ? `Continuing conversation ${shortId(id)} (${turnCount(turns)}) from ${stored.label}. /sessions lists the others, /new starts another.`
            : `New conversation ${shortId(id)}, kept in ${stored.label}.`,
        ),
      );
    }
    return lines.join('\n');
  }

  /** Ctrl-C: aborts the reply in flight, if any. */
  interrupt(): InterruptOutcome {
    if (!this.inFlight) return 'idle';
    if (this.inFlight.signal.aborted) return 'again';
    this.inFlight.abort();
    return 'aborted';
  }

  /** Handles one input line; resolves to `exit` when the demo should end. */
  async handleLine(line: string): Promise<'continue' | 'exit'> {
    const command = parseCommand(line);
    try {
      return await this.run(command);
    } catch (error) {
      this.fail(error);
      return 'continue';
    }
  }

  private async run(command: Command): Promise<'continue' | 'exit'> {
    switch (command.kind) {
      case 'empty':
        break;
      case 'message':
        await this.send(command.text);
        break;
      case 'help':
        this.say(commandsText());
        break;
      case 'history':
        this.say(formatTurns(this.session.getTurns(), this.style));
        break;
      case 'curated':
        this.say(formatContents(this.session.getHistory(true), this.style));
        break;
      case 'save':
        await this.save(command.file);
        break;
      case 'load':
        await this.load(command.file);
        break;
      case 'provider':
        await this.provider(command.provider, command.model);
        break;
      case 'tools':
        this.tools(command.enabled);
        break;
      case 'usage':
        this.usage();
        break;
      case 'reset':
        this.session.reset();
        this.notice(
          this.session.sessionId === undefined
            ? 'New conversation: history and usage cleared.'
            : `New conversation ${shortId(this.session.sessionId)}: history and usage cleared.`,
        );
        break;
      case 'sessions':
        await this.sessions();
        break;
      case 'open':
        await this.openStored(command.id);
        break;
      case 'fork':
        await this.fork();
        break;
      case 'exit':
        return 'exit';
      case 'invalid':
        this.fail(new DemoError(command.message));
        break;
    }
    return 'continue';
  }

  /** Shows a tool's run in the reply being printed. */
  showToolRun(run: ToolRun): void {
    this.printer?.toolRun(run);
  }

  /** Sends one message and shows the reply; errors are shown, never thrown. */
  async send(text: string): Promise<SendOutcome> {
    const { interactive, stdoutIsTty, stream, mode, blocking } = this.options;
    const printer = new ReplyPrinter({
      out: this.options.stdout,
      style: this.style,
      ...(interactive ? { label: `${this.session.target.model} ›` } : {}),
      spinner: interactive && stdoutIsTty,
      showThoughts: interactive,
    });
    const controller = mode === 'async' ? new AbortController() : undefined;
    this.printer = printer;
    this.inFlight = controller;
    printer.begin();
    if (mode === 'sync') blocking?.enter();
    try {
      await this.session.send(text, {
        stream,
        ...(controller ? { signal: controller.signal } : {}),
        onChunk: (chunk) => printer.chunk(chunk),
      });
      printer.finish();
      return 'ok';
    } catch (error) {
      // Whatever the adapter threw once the signal fired (AbortError, normally), it was Ctrl-C.
      if (controller?.signal.aborted) {
        printer.interrupted();
        return 'interrupted';
      }
      printer.abandon();
      this.fail(error);
      return 'failed';
    } finally {
      if (mode === 'sync') blocking?.leave();
      this.printer = undefined;
      this.inFlight = undefined;
    }
  }

  private async save(file: string): Promise<void> {
    const path = resolve(this.options.cwd, file);
    const session = createSessionFile({
      target: this.session.target,
      config: this.session.config,
      tools: this.session.toolsEnabled,
      history: this.session.getHistory(),
      turns: this.session.getTurns(),
    });
    await writeFile(path, `${JSON.stringify(session, null, 2)}\n`, 'utf8');
    this.notice(`Saved ${turnCount(session.turns.length)} to ${file} (no API keys).`);
  }

  private async load(file: string): Promise<void> {
    let text: string;
    try {
      text = await readFile(resolve(this.options.cwd, file), 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new DemoError(
        code === 'ENOENT'
          ? `${file} does not exist.`
          : `Cannot read ${file}: ${(error as Error).message}`,
      );
    }
    const loaded = parseSessionFile(text, file);
    const provider = checkProviderName(loaded.target.provider, `in ${file}`, this.options.cwd);
    // The session file holds no keys: the connection comes from this run's settings for that
    // provider (its key, base URL), else from the file's options plus the environment.
    const configured = this.settings.profiles[provider] !== undefined;
    const current = this.session.target.provider === provider;
    const options = current
      ? this.session.target.options
      : configured
        ? targetFor(this.settings.profiles, provider).options
        : loaded.target.options;
    await this.session.restore(
      { provider, model: loaded.target.model, options },
      loaded.history,
      loaded.config,
    );
    this.session.toolsEnabled = loaded.tools;
    this.session.usage.clear();
    const turns = this.session.getTurns().length;
    this.notice(
      `Loaded ${turnCount(turns)} from ${file}: ${providerLabel(provider)} / ${loaded.target.model}, tools ${loaded.tools ? 'on' : 'off'}.`,
    );
  }

  private async provider(name: string | undefined, model: string | undefined): Promise<void> {
    if (name === undefined) {
      const { provider, model: current } = this.session.target;
      this.say(`Current: ${providerLabel(provider)} / ${current}`);
      this.say(
        `Known providers: ${KNOWN_PROVIDER_NAMES.join(', ')}. Switch with /provider NAME [MODEL].`,
      );
      return;
    }
    const provider = checkProviderName(name, 'in /provider', this.options.cwd);
    const target = targetFor(this.settings.profiles, provider, model);
    await this.session.switchTo(target);
    this.notice(
      `Now on ${providerLabel(provider)} / ${target.model}, with the conversation so far (${turnCount(this.session.getTurns().length)}).`,
    );
  }

  private storeOrFail(): SessionStore {
    const store = this.session.store;
    if (!store) {
      throw new DemoError(
        'Conversations are not kept in this run (--no-store). Start the demo without it to use /sessions, /open and /fork.',
      );
    }
    return store;
  }

  private async sessions(): Promise<void> {
    this.storeOrFail();
    const sessions = await this.session.listStored();
    if (sessions.length === 0) {
      this.say('No stored conversations yet: each is written with its first message.');
      return;
    }
    const current = this.session.sessionId;
    for (const head of sessions) {
      const when = new Date(head.updatedAt).toISOString().slice(0, 16).replace('T', ' ');
      const mark = head.id === current ? '*' : ' ';
      this.say(
        `${mark} ${shortId(head.id)}  ${turnCount(head.turnCount).padEnd(9)}  ${when}  ${head.model}`,
      );
    }
  }

  private async openStored(prefix: string): Promise<void> {
    this.storeOrFail();
    const matches = (await this.session.listStored()).filter((head) => head.id.startsWith(prefix));
    const [head, other] = matches;
    if (!head)
      throw new DemoError(
        `No stored conversation has an id starting "${prefix}". /sessions lists them.`,
      );
    if (other)
      throw new DemoError(
        `"${prefix}" starts ${matches.length} conversations' ids: give more of it.`,
      );
    await this.session.openStored(head.id);
    this.notice(
      `Continuing conversation ${shortId(head.id)} (${turnCount(this.session.getTurns().length)}).`,
    );
  }

  private async fork(): Promise<void> {
    const store = this.storeOrFail();
    const id = this.session.sessionId as string;
    const atTurn = this.session.getTurns().length;
    let forkId: string;
    try {
      forkId = await store.fork(id, { atTurn });
    } catch (error) {
      if (!SessionNotFoundError.isInstance(error)) throw error;
      throw new DemoError('Nothing to fork yet: a conversation is written with its first message.');
    }
    await this.session.openStored(forkId);
    this.notice(
      `Forked ${shortId(id)} at ${turnCount(atTurn)} into ${shortId(forkId)}; now continuing the fork (${shortId(id)} stays as it was).`,
    );
  }

  private tools(enabled: boolean | undefined): void {
    if (enabled !== undefined) this.session.toolsEnabled = enabled;
    const state = this.session.toolsEnabled ? 'on' : 'off';
    this.notice(
      `Tools ${state}${this.session.toolsEnabled ? `: current_time, calculate (try "calculate (2+3)*4")${this.mcpTools.length > 0 ? ", and the --mcp servers' tools" : ''}` : ''}.`,
    );
  }

  private usage(): void {
    const entries = this.session.usage.entries();
    if (entries.length === 0) {
      this.say('No usage reported yet.');
      return;
    }
    const line = (totals: UsageTotals) =>
      `${totals.requests} request${totals.requests === 1 ? '' : 's'}, prompt ${totals.promptTokens}, reply ${totals.replyTokens}${totals.thoughtTokens ? `, thoughts ${totals.thoughtTokens}` : ''}, total ${totals.totalTokens} tokens`;
    for (const [key, totals] of entries) this.say(`${key}: ${line(totals)}`);
    if (entries.length > 1) this.say(`all: ${line(this.session.usage.total())}`);
  }
}
