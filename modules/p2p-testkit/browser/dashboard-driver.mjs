// Drives Debian's chromium (playwright-core, no bundled browser) against a node's dashboard for
// DashboardBrowserTest. Reads one JSON command a line on stdin, answers one JSON line on stdout per command:
// {"ok": true, ...} or {"ok": false, "error": "..."}. Every wait has its own deadline; nothing sleeps.
import { chromium } from 'playwright-core';
import { createInterface } from 'node:readline';

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const WAIT_MS = Number(process.env.WAIT_MS || 60000);
let browser;
let page;

function send(answer) {
  process.stdout.write(JSON.stringify(answer) + '\n');
}

const commands = {
  // Opens the page; reports paint timings the browser measured (loopback, printed by the test, not asserted).
  async open({ url }) {
    browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    page.on('pageerror', e => process.stderr.write(`page error: ${e.message}\n`));
    page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') process.stderr.write(`console ${m.type()}: ${m.text()}\n`); });
    const started = Date.now();
    await page.goto(url, { waitUntil: 'load' });
    const loadMs = Date.now() - started;
    const paints = await page.evaluate(() => new Promise(resolve => {
      const read = () => Object.fromEntries(performance.getEntriesByType('paint').map(p => [p.name, p.startTime]));
      const now = read();
      if (now['first-contentful-paint'] !== undefined) return resolve(now);
      new PerformanceObserver(() => resolve(read())).observe({ type: 'paint', buffered: true });
    }));
    const nav = await page.evaluate(() => performance.getEntriesByType('navigation')[0].toJSON());
    return { loadMs, firstPaintMs: paints['first-paint'], firstContentfulPaintMs: paints['first-contentful-paint'],
      responseEndMs: nav.responseEnd, domContentLoadedMs: nav.domContentLoadedEventEnd };
  },

  // The text of the first element matching selector, once it is not empty or the placeholder.
  async text({ selector }) {
    await page.waitForFunction(s => {
      const e = document.querySelector(s);
      return e && e.textContent.trim() && e.textContent.trim() !== '…';
    }, selector, { timeout: WAIT_MS });
    return { text: (await page.locator(selector).first().textContent()).trim() };
  },

  // The peer table has a row for peerId; answers that row's text.
  async peer({ peerId }) {
    const row = page.locator(`#peers-body tr[data-peer-id="${peerId}"]`);
    await row.waitFor({ timeout: WAIT_MS });
    return { text: await row.innerText(), title: await row.locator('td').first().getAttribute('title') };
  },

  // The peer's row shows `text` (a best height from a block announcement, a handshake or a node_status).
  // With `cell` (a selector such as td.status-col) only that cell of the row counts.
  async peerShows({ peerId, text, cell }) {
    await page.waitForFunction(([id, t, c]) => {
      const row = document.querySelector(`#peers-body tr[data-peer-id="${id}"]`);
      const where = row && c ? row.querySelector(c) : row;
      return where && where.textContent.includes(t);
    }, [peerId, text, cell || ''], { timeout: WAIT_MS });
    return { text: await page.locator(`#peers-body tr[data-peer-id="${peerId}"]`).innerText() };
  },

  // At least n elements match selector; answers how many.
  async count({ selector, n }) {
    await page.waitForFunction(([s, m]) => document.querySelectorAll(s).length >= m, [selector, n], { timeout: WAIT_MS });
    return { count: await page.locator(selector).count() };
  },

  // The peer's row is gone (disconnected).
  async peerGone({ peerId }) {
    await page.locator(`#peers-body tr[data-peer-id="${peerId}"]`).waitFor({ state: 'detached', timeout: WAIT_MS });
    return {};
  },

  // The live feed shows a frame of this type and hash.
  async feed({ type, hash }) {
    const row = page.locator(`#feed-body tr[data-type="${type}"][data-hash="${hash}"]`);
    await row.waitFor({ timeout: WAIT_MS });
    return { text: await row.innerText() };
  },

  // The rate chart has drawn at least `min` messages on `topic`; answers the drawn totals.
  async rate({ topic, min }) {
    await page.waitForFunction(([t, m]) => {
      const totals = JSON.parse(document.getElementById('rates-chart').dataset.totals || '{}');
      return (totals[t] || 0) >= m;
    }, [topic, min], { timeout: WAIT_MS });
    return { totals: JSON.parse(await page.locator('#rates-chart').getAttribute('data-totals')) };
  },

  // Types the admin key and submits the ban form; answers the message the page shows.
  async ban({ key, addr, force }) {
    return submit('#ban-submit', key, async () => {
      await page.fill('#ban-addr', addr);
      await page.setChecked('#ban-force', !!force);
    });
  },

  // Types the admin key and presses the Unban button of addr's row.
  async unban({ key, addr }) {
    return submit(`#bans-body tr[data-key="${addr}"] button`, key, async () => {
      await page.locator(`#bans-body tr[data-key="${addr}"]`).waitFor({ timeout: WAIT_MS });
    });
  },

  // The ban list shows (or no longer shows) addr.
  async banned({ addr, present }) {
    await page.locator(`#bans-body tr[data-key="${addr}"]`).waitFor({ state: present ? 'visible' : 'detached', timeout: WAIT_MS });
    return {};
  },

  // Starts counting animation frames and long tasks (main thread busy > 50 ms) in the page.
  async watchStart() {
    await page.evaluate(() => {
      const w = window.__watch = { frames: 0, longTasks: 0, longestMs: 0, started: performance.now(), running: true };
      new PerformanceObserver(list => list.getEntries().forEach(e => {
        w.longTasks++;
        w.longestMs = Math.max(w.longestMs, e.duration);
      })).observe({ type: 'longtask' });
      const tick = () => { if (w.running) { w.frames++; requestAnimationFrame(tick); } };
      requestAnimationFrame(tick);
    });
    return {};
  },

  // What the page did since watchStart: frames drawn, long tasks, feed rows kept, heap used.
  async watchEnd() {
    return await page.evaluate(() => {
      const w = window.__watch;
      w.running = false;
      const seconds = (performance.now() - w.started) / 1000;
      return { seconds, framesPerSecond: w.frames / seconds, longTasks: w.longTasks, longestTaskMs: w.longestMs,
        feedRows: document.querySelectorAll('#feed-body tr').length,
        domNodes: document.getElementsByTagName('*').length,
        heapMb: performance.memory ? performance.memory.usedJSHeapSize / 1048576 : -1 };
    });
  },

  async screenshot({ path }) {
    await page.screenshot({ path, fullPage: true });
    return { path };
  },

  async close() {
    if (browser) await browser.close();
    browser = undefined;
    return {};
  },
};

async function submit(button, key, fill) {
  await page.fill('#admin-key', key);
  await fill();
  await page.evaluate(() => { const m = document.getElementById('admin-message'); m.textContent = ''; m.className = ''; });
  await page.click(button);
  await page.waitForFunction(() => {
    const m = document.getElementById('admin-message');
    return m.className === 'ok' || m.className === 'error';
  }, null, { timeout: WAIT_MS });
  const message = page.locator('#admin-message');
  return { cls: await message.getAttribute('class'), message: await message.innerText(), visible: await message.isVisible() };
}

const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  let command;
  try {
    command = JSON.parse(line);
    const run = commands[command.cmd];
    if (!run) throw new Error(`unknown command ${command.cmd}`);
    send({ ok: true, cmd: command.cmd, ...(await run(command)) });
  } catch (e) {
    send({ ok: false, cmd: command && command.cmd, error: String(e && e.message || e) });
  }
  if (command && command.cmd === 'close') break;
}
if (browser) await browser.close();
