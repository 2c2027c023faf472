// Opens an HTML report of jxlint in Debian's headless Chromium, as a reviewer would, and prints
// what the page shows as JSON for tests/report.rs to judge:
//   node report.mjs REPORT.html RULE [TEXT] [SCREENSHOT.png]
// It reads the page after its script ran, picks RULE in the rule filter (then takes the
// screenshot, if asked), opens the link the filter leaves in the address (as a colleague would),
// types TEXT into the free-text filter (the rule filter cleared), and records every request the
// page made.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [file, rule, query, screenshot] = process.argv.slice(2);
const executablePath = ['/usr/bin/chromium-headless-shell', '/usr/bin/chromium']
  .find((p) => existsSync(p));
if (!executablePath) {
  console.error('no Chromium: apt-get install chromium-headless-shell fonts-wqy-microhei');
  process.exit(3);
}
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const url = pathToFileURL(file).href;
const requests = [];
const errors = [];

async function open(address) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation',
      (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  page.on('request', (r) => { if (r.url().split('#')[0] !== url) requests.push(r.url()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(address);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10000 });
  return page;
}

// What a person sees of the findings list.
const seen = (page) => page.evaluate(() => ({
  count: document.getElementById('shown-count').textContent,
  findings: document.querySelectorAll('#findings .finding').length,
  rules: [...new Set([...document.querySelectorAll('#findings .finding')].map((f) => f.dataset.rule))],
  hash: location.hash,
}));

const page = await open(url);
const initial = await seen(page);
const summary = await page.evaluate(() => Object.fromEntries(
  ['files', 'projects', 'error', 'warning', 'note', 'waived']
    .map((k) => [k, document.getElementById(`count-${k}`).textContent])));
const page_ = await page.evaluate(() => ({
  scripts: document.querySelectorAll('script').length,
  images: document.querySelectorAll('img').length,
  bold: document.querySelectorAll('b').length,
  pwned: window.__pwned ?? null,
  messages: [...document.querySelectorAll('#findings .message')].map((m) => m.textContent),
  cells: [...document.querySelectorAll('#findings .cell')].map((c) => c.textContent),
  violations: window.__violations,
}));
await page.selectOption('#filter-rule', rule);
const filtered = await seen(page);
if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
// The filter's link, opened afresh.
const linked = await seen(await open(url + filtered.hash));
let searched = null;
if (query) {
  await page.selectOption('#filter-rule', '');
  await page.fill('#filter-text', query);
  searched = await seen(page);
}
await browser.close();
console.log(JSON.stringify({ initial, summary, page: page_, filtered, linked, searched, requests, errors }));
