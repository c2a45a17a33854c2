// node --experimental-websocket shot.mjs URL WIDTHxHEIGHT OUT.png [WAIT_MS] [CLICK_SELECTOR]
// A screenshot through Chromium's DevTools protocol: unlike `chromium --screenshot`, it does not wait for the
// page to go idle (a dashboard's event stream never does), and it can click before shooting.
import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [url, size, out, wait = '2500', click] = process.argv.slice(2);
const [width, height] = size.split('x').map(Number);
const profile = mkdtempSync(join(tmpdir(), 'chshot-'));
const chrome = spawn(process.env.CHROMIUM || 'chromium', ['--headless=new', '--no-sandbox', '--disable-gpu', '--hide-scrollbars',
  '--remote-debugging-port=0', `--user-data-dir=${profile}`, `--window-size=${width},${height}`, 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
const endpoint = await new Promise((resolve, reject) => {
  let seen = '';
  chrome.stderr.on('data', d => { seen += d; const m = seen.match(/DevTools listening on (ws:\/\/\S+)/); if (m) resolve(m[1]); });
  setTimeout(() => reject(new Error('chromium did not start: ' + seen)), 30000);
});
const port = new URL(endpoint).port;
const pages = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
const ws = new WebSocket(pages.find(p => p.type === 'page').webSocketDebuggerUrl);
await new Promise(r => ws.addEventListener('open', r));
let id = 0;
const pending = new Map();
ws.addEventListener('message', e => { const m = JSON.parse(e.data); if (pending.has(m.id)) { pending.get(m.id)(m.result); pending.delete(m.id); } });
const send = (method, params = {}) => new Promise(r => { pending.set(++id, r); ws.send(JSON.stringify({ id, method, params })); });
await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });
await send('Page.navigate', { url });
await new Promise(r => setTimeout(r, Number(wait)));
if (click) {
  await send('Runtime.evaluate', { expression: `document.querySelector(${JSON.stringify(click)}).click()` });
  await new Promise(r => setTimeout(r, 1500));
}
const shot = await send('Page.captureScreenshot', { format: 'png' });
writeFileSync(out, Buffer.from(shot.data, 'base64'));
ws.close();
chrome.kill();
process.exit(0);
