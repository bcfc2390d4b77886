import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WebServer } from '../server/start-web-server';
import { startTestServer } from './start-test-server';

const CHROMIUM = '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);
if (missing) {
  const hint = `${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium).`;
  // CI must run these, so there a missing browser fails the run rather than passing unseen.
  if (['true', '1'].includes(process.env.CI ?? '')) throw new Error(hint);
  console.warn(`Skipping the web chat's browser tests. ${hint}`);
}
const artifacts = join(dirname(fileURLToPath(import.meta.url)), '../../.artifacts');

/** 20 words: the reply echoes them, ~25 chunks in all. */
const LONG =
  'please tell me about the rivers and mountains of the north in a few calm and very simple words today';
const replyTo = (n: number, message: string) => `Mock reply ${n}: you said "${message}".`;

describe.skipIf(missing)('the web chat in headless Chromium', () => {
  let server: WebServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  // A context per test: its own cookie, so its own owner and sessions.
  beforeEach(async () => {
    context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    page = await context.newPage();
    await page.goto(server.url);
  });
  afterEach(async () => {
    await context.close();
  });

  const lastReply = (p: Page) => p.locator('.turn').last().locator('.reply');
  const lastTurn = (p: Page) => p.locator('.turn').last();

  async function send(p: Page, text: string): Promise<void> {
    await p.fill('#message', text);
    await p.press('#message', 'Enter');
  }

  /** Waits until the last turn is streaming and shows at least `words` words of its reply. */
  async function midReply(p: Page, words = 3): Promise<string> {
    await p.waitForFunction((min) => {
      const turn = [...document.querySelectorAll('.turn')].at(-1) as HTMLElement | undefined;
      const text = turn?.querySelector('.reply')?.textContent?.trim() ?? '';
      return turn?.dataset.state === 'streaming' && text.split(/\s+/).length >= min;
    }, words);
    return (await lastReply(p).textContent())?.trim() ?? '';
  }

  async function finished(p: Page, state = 'complete'): Promise<void> {
    await lastTurn(p)
      .and(p.locator(`[data-state="${state}"]`))
      .waitFor();
  }

  it('streams a reply into the page as it is generated, and keeps the session in the URL', async () => {
    await page.waitForFunction(() => document.getElementById('info')?.textContent !== '');
    expect(await page.textContent('#info')).toBe('mock / mock-1');
    await send(page, LONG);
    const partial = await midReply(page);
    expect(replyTo(1, LONG).startsWith(partial)).toBe(true);
    expect(partial.length).toBeLessThan(replyTo(1, LONG).length);
    await finished(page);
    expect((await lastReply(page).textContent())?.trim()).toBe(replyTo(1, LONG));
    expect(new URL(page.url()).hash).toMatch(/^#[\w-]+$/);
    await page.waitForFunction(() => document.querySelectorAll('#sessions li').length === 1);
    expect(await page.textContent('#sessions li')).toContain('1 turn');
  });

  it('reloaded mid-reply, shows the reply finish once: no duplicated or lost text', async () => {
    await send(page, LONG);
    await midReply(page, 5);
    await page.reload();
    await finished(page);
    const text = (await page.locator('#conversation').textContent()) ?? '';
    expect((await lastReply(page).textContent())?.trim()).toBe(replyTo(1, LONG));
    expect(text.split('Mock reply 1').length).toBe(2);
    expect(await page.locator('.turn').count()).toBe(1);
  });

  it('resumes a reply whose connection fails, from the last event it drew', async () => {
    // The fault: the page's fetch of a reply fails (as a dropped connection does) after 3 reads.
    await page.addInitScript(() => {
      const fetchAll = window.fetch.bind(window);
      window.fetch = async (input, init) => {
        const response = await fetchAll(input, init);
        if (!String(input).endsWith('/messages') || !response.body) return response;
        const reader = response.body.getReader();
        let reads = 0;
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            if (++reads > 3) return controller.error(new TypeError('network error'));
            const { done, value } = await reader.read();
            if (done) controller.close();
            else controller.enqueue(value);
          },
        });
        return new Response(body, { status: response.status, headers: response.headers });
      };
    });
    await page.reload();
    const resumedFrom: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/stream')) {
        resumedFrom.push(request.headers()['last-event-id'] ?? '');
      }
    });
    await send(page, LONG);
    await finished(page);
    expect((await lastReply(page).textContent())?.trim()).toBe(replyTo(1, LONG));
    // Asked once, for the events after those it had, not for the whole turn again.
    expect(resumedFrom).toHaveLength(1);
    expect(resumedFrom[0]).toMatch(/^1\.[1-9]\d*$/);
  });

  it('stops a reply with the Stop button: the turn ends as stopped', async () => {
    await send(page, LONG);
    await midReply(page);
    await page.click('#stop');
    await finished(page, 'interrupted');
    expect(await lastTurn(page).locator('.interrupted').textContent()).toBe('Stopped.');
    expect(((await lastReply(page).textContent()) ?? '').length).toBeLessThan(
      replyTo(1, LONG).length,
    );
    expect(await page.locator('#stop').isHidden()).toBe(true);
    // The session takes the next message.
    await send(page, 'and now?');
    await finished(page);
  });

  it('a second tab opening the session follows the reply that is streaming', async () => {
    await send(page, LONG);
    await midReply(page, 4);
    const second = await context.newPage();
    await second.goto(page.url());
    await midReply(second, 4);
    await Promise.all([finished(page), finished(second)]);
    for (const p of [page, second]) {
      expect((await lastReply(p).textContent())?.trim()).toBe(replyTo(1, LONG));
    }
  });

  it('a reply holding <script> or <img onerror> stays inert', async () => {
    const attack = '<script>window.__xss=1</script> and <img src=x onerror="window.__xss=1">';
    await send(page, attack);
    await finished(page);
    const reply = lastReply(page);
    expect(await reply.textContent()).toContain('you said');
    expect(await reply.locator('script').count()).toBe(0);
    expect(await reply.locator('img[onerror]').count()).toBe(0);
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    // The user's own message shows as the text it was.
    expect(await lastTurn(page).locator('.user').textContent()).toBe(attack);
  });

  it('shows a reply that fails mid-stream with its error in plain words, also after a reload', async () => {
    const failing = await startTestServer([
      {
        text: 'The first words of a reply that breaks',
        failAfterChunks: 3,
        error: { name: 'ServerError', status: 503, message: 'The model is overloaded.' },
      },
    ]);
    try {
      const other = await context.newPage();
      await other.goto(failing.url);
      await send(other, 'hello');
      await finished(other, 'interrupted');
      const shown = (await lastTurn(other).locator('.turn-footer').textContent()) ?? '';
      expect(shown).toContain('The model is overloaded.');
      expect(shown).not.toMatch(/at \w+ \(/);
      expect((await lastReply(other).textContent())?.trim()).toBe('The first words');
      await other.reload();
      await finished(other, 'interrupted');
      expect(await lastTurn(other).locator('.interrupted').textContent()).toContain(
        'The model is overloaded.',
      );
    } finally {
      await failing.close();
    }
  });

  it('forks a conversation into a new one with its turns, and deletes it', async () => {
    await send(page, 'remember this');
    await finished(page);
    const first = new URL(page.url()).hash;
    await page.waitForFunction(() => document.querySelectorAll('#sessions li').length === 1);
    await page.getByRole('button', { name: 'Fork this conversation' }).click();
    await page.waitForFunction((before) => location.hash !== before, first);
    await page.waitForFunction(() => document.querySelectorAll('#sessions li').length === 2);
    await lastTurn(page).and(page.locator('[data-state="complete"]')).waitFor();
    expect((await lastReply(page).textContent())?.trim()).toBe(replyTo(1, 'remember this'));
    const fork = new URL(page.url()).hash.slice(1);
    await page
      .locator(`#sessions li[data-id="${fork}"]`)
      .getByRole('button', { name: 'Delete this conversation' })
      .click();
    await page.waitForFunction(() => document.querySelectorAll('#sessions li').length === 1);
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.locator('.turn').count()).toBe(0);
    expect(await page.getAttribute('#sessions li', 'data-id')).toBe(first.slice(1));
  });

  it('shows tool steps, and saves a screenshot of the chat', async () => {
    await send(page, 'Hello! What can you do?');
    await finished(page);
    await page.click('#new-chat');
    await send(page, 'calculate (2 + 3) * sqrt(16)');
    await finished(page);
    expect(await lastTurn(page).locator('.step').textContent()).toBe(
      '⚙ calculate({"expression":"(2 + 3) * sqrt(16)"}) → {"result":20}',
    );
    await send(page, 'Thanks! As a list:\n\n- the **sum** first\n- then `sqrt(16)`');
    await finished(page);
    expect(await lastReply(page).locator('li strong').textContent()).toBe('sum');
    await page.waitForFunction(() => document.querySelectorAll('#sessions li').length === 2);
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: join(artifacts, 'chat.png') });
  });
});
