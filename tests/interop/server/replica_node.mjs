// @deno/kv on Node against `openkv serve` in front of a hot standby
// (replica.sh): the metadata lists a strong and an eventual endpoint; a
// write through the server is seen by a strong read at once; while the
// standby's replay is paused, an eventual read (which @deno/kv sends to the
// eventual endpoint) returns the standby's older state and a strong read
// waits; after the replay resumes both see the write, and a watch (also on
// the eventual endpoint) sees it too. Prints PASS/FAIL lines; exits 1 on any
// failure.
//   node replica_node.mjs SERVER_URL TOKEN PSQL STANDBY_ADMIN_URL
import { createRequire } from "node:module";
import { execFileSync } from "node:child_process";
const require = createRequire(import.meta.url);
const { openKv } = require(process.env.NODEKV_MODULE);

const [url, token, psql, standbyAdmin] = process.argv.slice(2);
let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "PASS" : "FAIL"} ${what}`);
  if (!ok) failures++;
}
const replay = (action) =>
  execFileSync(psql, ["-qAt", standbyAdmin, "-c", `SELECT pg_wal_replay_${action}()`]);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const metadata = await (await fetch(url, {
  method: "POST",
  headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  body: JSON.stringify({ supportedVersions: [2, 3] }),
})).json();
check(JSON.stringify(metadata.endpoints) ===
  JSON.stringify([{ url: "/v2", consistency: "strong" }, { url: "/v2/eventual", consistency: "eventual" }]),
  `metadata lists both endpoints: ${JSON.stringify(metadata.endpoints)}`);

const kv = await openKv(url, { accessToken: token, maxRetries: 1 });
await kv.set(["k"], "one");
check((await kv.get(["k"])).value === "one", "a write through the replica server is seen by a strong read at once");

replay("pause");
let strongDone = false;
let strong;
try {
  await kv.set(["k"], "two");
  const eventual = await kv.get(["k"], { consistency: "eventual" });
  check(eventual.value === "one", `an eventual read is served by the paused standby: ${eventual.value}`);
  const listed = [];
  for await (const e of kv.list({ prefix: [] }, { consistency: "eventual" })) listed.push(e.value);
  check(JSON.stringify(listed) === '["one"]', `an eventual list too: ${JSON.stringify(listed)}`);
  strong = kv.get(["k"]).then((e) => { strongDone = true; return e; });
  await sleep(700);
  check(!strongDone, "a strong read waits while the standby cannot replay");
} finally {
  replay("resume");
}
check((await strong).value === "two", "the strong read returns the write once the standby replayed it");
let eventual = null;
for (let i = 0; i < 100 && eventual !== "two"; i++) {
  eventual = (await kv.get(["k"], { consistency: "eventual" })).value;
  if (eventual !== "two") await sleep(20);
}
check(eventual === "two", "eventual reads catch up");

// (@deno/kv emits nothing for a watch whose keys are all absent: start
// from a stored value, as conformance.mjs does.)
await kv.set(["w"], "before");
const stream = kv.watch([["w"]]);
const reader = stream.getReader();
const first = await reader.read();
check(first.value[0].value === "before", "a watch starts with the stored value");
await kv.set(["w"], "seen");
const next = await Promise.race([reader.read(), sleep(10000).then(() => null)]);
check(next?.value?.[0]?.value === "seen", "the watch sees a write made through the server");
await reader.cancel();
kv.close();
process.exit(failures ? 1 : 0);
