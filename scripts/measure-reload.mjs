// Measures the time from saving a one-file edit to the reloaded page in a real browser, with
// `planportal serve` running: headless Chromium opens the page, the script appends a line to
// a Markdown file, and the clock stops when the browser has reloaded the page and shows it.
//
// Usage (Node 20: the flag enables its WebSocket client; Node 22+ needs no flag):
//   planportal serve --port 8000 &
//   node --experimental-websocket scripts/measure-reload.mjs http://127.0.0.1:8000/news/plan-issued/ content/news/plan-issued.md [runs]
// The file is restored at the end.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [url, file, runsArg] = process.argv.slice(2);
if (!url || !file) {
  console.error("usage: measure-reload.mjs URL FILE [runs]");
  process.exit(2);
}
const runs = Number(runsArg || 5);
const profile = mkdtempSync(join(tmpdir(), "measure-reload-"));
const chrome = spawn(process.env.CHROMIUM || "chromium", [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
  "--remote-debugging-port=0", `--user-data-dir=${profile}`, "about:blank",
], { stdio: ["ignore", "ignore", "pipe"] });
const original = readFileSync(file, "utf8");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const deadline = setTimeout(() => { console.error("timed out"); cleanup(1); }, 120_000);
function cleanup(code) {
  writeFileSync(file, original);
  chrome.kill();
  clearTimeout(deadline);
  setTimeout(() => { rmSync(profile, { recursive: true, force: true }); process.exit(code); }, 300);
}

const wsUrl = await new Promise((resolve, reject) => {
  let buf = "";
  chrome.stderr.on("data", (d) => {
    buf += d;
    const m = buf.match(/DevTools listening on (ws:\/\/\S+)/);
    if (m) resolve(m[1]);
  });
  chrome.on("exit", () => reject(new Error("chromium exited: " + buf)));
});
const ws = new WebSocket(wsUrl);
await new Promise((r) => ws.addEventListener("open", r));
let id = 0;
const pending = new Map();
const listeners = [];
ws.addEventListener("message", (e) => {
  const msg = JSON.parse(e.data);
  if (msg.id && pending.has(msg.id)) {
    pending.get(msg.id)(msg);
    pending.delete(msg.id);
  } else {
    for (const l of listeners) l(msg);
  }
});
const send = (method, params = {}, sessionId) =>
  new Promise((resolve) => {
    const n = ++id;
    pending.set(n, resolve);
    ws.send(JSON.stringify({ id: n, method, params, sessionId }));
  });
const next = (method) =>
  new Promise((resolve) => {
    const l = (msg) => {
      if (msg.method === method) {
        listeners.splice(listeners.indexOf(l), 1);
        resolve(msg);
      }
    };
    listeners.push(l);
  });

const { result: { targetId } } = await send("Target.createTarget", { url: "about:blank" });
const { result: { sessionId } } = await send("Target.attachToTarget", { targetId, flatten: true });
await send("Page.enable", {}, sessionId);
await send("Runtime.enable", {}, sessionId);
let loaded = next("Page.loadEventFired");
await send("Page.navigate", { url }, sessionId);
await loaded;

const times = [];
for (let i = 1; i <= runs; i++) {
  await sleep(700); // let the page's EventSource connect and the previous build settle
  const marker = `reload-marker-${Date.now()}-${i}`;
  loaded = next("Page.loadEventFired");
  const t0 = performance.now();
  writeFileSync(file, `${original}\n\n${marker}\n`);
  await loaded;
  const { result } = await send("Runtime.evaluate", {
    expression: `document.body.innerText.includes(${JSON.stringify(marker)})`,
    returnByValue: true,
  }, sessionId);
  const ms = performance.now() - t0;
  if (!result.result.value) {
    console.log(`run ${i}: page reloaded without the edit (${ms.toFixed(0)} ms); retrying`);
    continue;
  }
  times.push(ms);
  console.log(`run ${i}: ${ms.toFixed(0)} ms from save to the reloaded page`);
}
times.sort((a, b) => a - b);
if (times.length) {
  console.log(`median ${times[Math.floor(times.length / 2)].toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms over ${times.length} runs`);
}
cleanup(times.length ? 0 : 1);
