// Write load through `openkv serve` in front of a pg_auto_failover cluster
// (failover.sh), with @deno/kv on Node, then the check of what survived.
//
// Each writer commits its operations 0, 1, 2, … one after the other, each
//   atomic().check(["w", writer, i] absent).set(["w", writer, i], i)
//           .sum(["total"], 1n)
// and repeats an operation until it is acknowledged or its check fails. A
// failed check means an earlier attempt whose answer was lost did commit: the
// check makes retrying safe, so every outcome becomes known. @deno/kv's own
// retries are off (maxRetries 0) so that each 5xx reaches this loop and is
// counted. While the load runs, failover.sh kills the primary.
//
// After SECONDS it reads everything back through the first URL and prints
// PASS/FAIL lines, exiting 1 on any failure:
//   - every acknowledged write is present, with its versionstamp;
//   - nothing else is: the keys of each writer are exactly 0..last;
//   - ["total"] equals the number of keys (no atomic write half applied);
//   - each writer's versionstamps increase in its commit order, and no two
//     writes share one;
//   - writes were acknowledged after the failover too;
//   - every request that failed got a retryable 5xx (never a 4xx).
//   node failover_load.mjs TOKEN SECONDS WRITERS_PER_URL URL...
// The time of the last acknowledged write before the kill is judged from the
// file FAILOVER_MARK (written by failover.sh when it kills the primary).
import { createRequire } from "node:module";
import { existsSync, statSync } from "node:fs";
const require = createRequire(import.meta.url);
const { openKv } = require(process.env.NODEKV_MODULE);

const [token, secondsArg, perUrlArg, ...urls] = process.argv.slice(2);
const seconds = Number(secondsArg), perUrl = Number(perUrlArg);
const mark = process.env.FAILOVER_MARK;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const statuses = {};
const counting = async (input, init) => {
  const res = await fetch(input, init);
  statuses[res.status] = (statuses[res.status] ?? 0) + 1;
  return res;
};
let networkErrors = 0;

async function open(url, maxRetries = 0) {
  for (;;) {
    try {
      return await openKv(url, { accessToken: token, maxRetries, fetcher: counting });
    } catch {
      networkErrors++;
      await sleep(200);
    }
  }
}

const writers = [];
for (const url of urls) for (let j = 0; j < perUrl; j++) writers.push({ url, acked: [], retriedExisting: 0 });
const deadline = Date.now() + seconds * 1000;

await Promise.all(writers.map(async (w, id) => {
  const kv = await open(w.url);
  w.last = -1;
  for (let i = 0; Date.now() < deadline && w.pending === undefined; i++) {
    for (;;) {
      try {
        const r = await kv.atomic().check({ key: ["w", id, i], versionstamp: null })
          .set(["w", id, i], i).sum(["total"], 1n).commit();
        if (r.ok) w.acked.push({ i, vs: r.versionstamp, at: Date.now() });
        else w.retriedExisting++;
        w.last = i;
        break;
      } catch {
        networkErrors++;  // unknown outcome: the check makes the retry safe
        // A writer whose server is gone ends with its last operation's
        // outcome unknown: it may or may not have committed.
        if (Date.now() > deadline) { w.pending = i; break; }
        await sleep(100);
      }
    }
  }
  kv.close();
}));

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "PASS" : "FAIL"} ${what}`);
  if (!ok) failures++;
}

// The check may reach the standby while it is still being re-pointed at the
// new primary (a restart: 503s for a moment), so it retries those.
const kv = await open(urls[0], 10);
const stored = new Map();  // "id/i" -> versionstamp
for await (const e of kv.list({ prefix: ["w"] })) stored.set(`${e.key[1]}/${e.key[2]}`, e.versionstamp);
const total = (await kv.get(["total"])).value;

const acked = writers.reduce((n, w) => n + w.acked.length, 0);
// Each writer's keys: exactly 0..last, plus its pending operation if that
// one committed after all.
const keysOf = (id) => [...stored.keys()].filter((k) => k.startsWith(`${id}/`)).map((k) => Number(k.split("/")[1]));
check(writers.every((w, id) => w.acked.every((a) => stored.get(`${id}/${a.i}`) === a.vs)),
  `all ${acked} acknowledged writes are present with their versionstamps`);
check(writers.every((w, id) => {
  const keys = keysOf(id).sort((a, b) => a - b);
  const n = keys.length === w.last + 2 && w.pending === w.last + 1 ? w.last + 2 : w.last + 1;
  return keys.length === n && keys.every((k, i) => k === i);
}), `each writer's keys are exactly its operations 0..last (${stored.size} keys, ` +
  `${writers.filter((w) => w.pending !== undefined).length} writers ended with an unknown outcome)`);
check(total !== null && Number(total.value) === stored.size,
  `total ${total?.value} equals the number of keys ${stored.size}: no atomic write half applied`);
const increasing = writers.every((w, id) => {
  const vs = keysOf(id).sort((a, b) => a - b).map((i) => stored.get(`${id}/${i}`));
  return vs.every((v, i) => i === 0 || v > vs[i - 1]);
});
check(increasing, "each writer's versionstamps increase in its commit order");
check(new Set(stored.values()).size === stored.size, "no two writes share a versionstamp");
const killedAt = mark && existsSync(mark) ? statSync(mark).mtimeMs : null;
const after = killedAt === null ? 0 : writers.reduce((n, w) => n + w.acked.filter((a) => a.at > killedAt + 1000).length, 0);
check(killedAt !== null && after > 0, `${after} writes acknowledged after the primary was killed`);
check(Object.keys(statuses).every((s) => s === "200" || (s >= "500" && s < "600")),
  `every failed request was answered with a retryable 5xx: ${JSON.stringify(statuses)}`);
console.log(`INFO statuses ${JSON.stringify(statuses)}, ${networkErrors} failed attempts, ` +
  `${writers.reduce((n, w) => n + w.retriedExisting, 0)} retries found their write committed`);
kv.close();
process.exit(failures ? 1 : 0);
