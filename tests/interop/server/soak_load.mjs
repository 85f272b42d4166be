// Mixed load for soak.sh through @deno/kv on Node: writers (sets, checked
// sums, enqueues), readers (gets and list pages), and watchers that keep
// reopening their watches, for SECONDS. Prints one JSON line of counts and
// exits 1 if any operation failed or the counter does not match.
//   node soak_load.mjs URL TOKEN SECONDS
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { openKv } = require(process.env.NODEKV_MODULE);

const [url, token, secondsArg] = process.argv.slice(2);
const deadline = Date.now() + Number(secondsArg) * 1000;
const kv = await openKv(url, { accessToken: token });
const counts = { sets: 0, sums: 0, enqueues: 0, gets: 0, lists: 0, watches: 0, watchEvents: 0, errors: 0 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = (n) => Math.floor(Math.random() * n);
const loop = async (body) => {
  while (Date.now() < deadline) {
    try {
      await body();
    } catch (e) {
      counts.errors++;
      console.error(String(e));
    }
  }
};

const writer = () => loop(async () => {
  await kv.set(["soak", pick(1000)], { n: pick(1e6), pad: "x".repeat(pick(2000)) });
  counts.sets++;
  await kv.atomic().sum(["soak_total"], 1n).commit();
  counts.sums++;
  if (pick(10) === 0) {
    await kv.enqueue({ at: Date.now() });
    counts.enqueues++;
  }
});
const reader = () => loop(async () => {
  await kv.get(["soak", pick(1000)]);
  counts.gets++;
  for await (const _ of kv.list({ prefix: ["soak"] }, { limit: 50, batchSize: 50 })) { /* drain */ }
  counts.lists++;
});
const watcher = () => loop(async () => {
  const stream = kv.watch([["soak", pick(1000)], ["soak_total"]]);
  counts.watches++;
  const reader = stream.getReader();
  // Each watch lives 2 s: a read that waits longer is cut short.
  const until = Date.now() + 2000;
  for (let left = 2000; left > 0; left = until - Date.now()) {
    const r = await Promise.race([reader.read(), sleep(left).then(() => null)]);
    if (r === null || r.done) break;
    counts.watchEvents++;
  }
  await reader.cancel();
});

await Promise.all([writer(), writer(), writer(), reader(), reader(), watcher(), watcher()]);
const total = (await kv.get(["soak_total"])).value;
const ok = counts.errors === 0 && total !== null && Number(total.value) === counts.sums;
console.log(JSON.stringify({ ...counts, total: Number(total?.value ?? -1), ok }));
kv.close();
process.exit(ok ? 0 : 1);
