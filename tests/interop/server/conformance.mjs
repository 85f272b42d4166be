// KV Connect conformance script, run unchanged by the real Deno 2.9.6 client
// and by @deno/kv 0.14.0 on Node against `openkv serve`, and by Deno against
// its own ":memory:" database as the oracle. It prints one normalised line
// per observation; run.sh diffs the lines. Lines of Deno-only features are
// prefixed "deno-only." and skipped for Node. Lines prefixed "defect." are
// where Deno's local engine shows a reference defect that OpenKV corrects
// (spec 02 §13); run.sh checks them against openkv_expected_defects.txt.
//
//   deno run --unstable-kv --allow-net=127.0.0.1 --allow-env conformance.mjs URL
//   NODEKV_MODULE=/path/to/node_modules/@deno/kv node conformance.mjs URL
const isDeno = typeof Deno !== "undefined";
const url = isDeno ? Deno.args[0] : process.argv[2];
const remote = url.startsWith("http");

let openKv, KvU64;
if (isDeno) {
  openKv = (u) => Deno.openKv(u);
  KvU64 = Deno.KvU64;
} else {
  const mod = await import(process.env.NODEKV_MODULE + "/script/npm.js");
  const v8 = await import("node:v8");
  // Quirk Q1 (spec 05 §7): node 20 cannot read the FF 10 header Deno 2.9.6
  // writes; the bytes after it are identical.
  const decodeV8 = (bytes) => {
    if (bytes[0] === 0xff && bytes[1] > 0x0f) {
      bytes = Uint8Array.from(bytes);
      bytes[1] = 0x0f;
    }
    return v8.deserialize(bytes);
  };
  openKv = (u) => mod.openKv(u, { maxRetries: 2, encodeV8: v8.serialize, decodeV8 });
  KvU64 = mod.KvU64;
}

const lines = [];
function norm(v) {
  if (v === null || v === undefined) return String(v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "boolean") return String(v);
  if (v instanceof KvU64 || (v && v.constructor && /KvU64/.test(v.constructor.name))) {
    return `u64(${v.value})`;
  }
  if (v instanceof Uint8Array) return `bytes(${Array.from(v).map((b) => b.toString(16).padStart(2, "0")).join("")})`;
  if (v instanceof Date) return `date(${v.toISOString()})`;
  if (Array.isArray(v)) return `[${v.map(norm).join(",")}]`;
  if (v instanceof Map) return `map{${[...v].map(([k, x]) => `${norm(k)}=>${norm(x)}`).join(",")}}`;
  if (v instanceof Set) return `set{${[...v].map(norm).join(",")}}`;
  if (typeof v === "object") {
    return `{${Object.keys(v).sort().map((k) => `${k}:${norm(v[k])}`).join(",")}}`;
  }
  return String(v);
}
const out = (name, v) => lines.push(`${name} = ${typeof v === "string" && v.startsWith("!") ? v.slice(1) : norm(v)}`);
const entry = (e) => ({ key: e.key, value: e.value, hasVs: typeof e.versionstamp === "string" && /^[0-9a-f]{20}$/.test(e.versionstamp) });
async function outcome(fn) {
  try {
    const r = await fn();
    if (r && typeof r === "object" && "ok" in r) return r.ok ? "!ok" : "!check-failed";
    return "!ok";
  } catch {
    return "!error";
  }
}

const kv = await openKv(url);
// Start from an empty database (the server may be reused between runs).
{
  const keys = [];
  for await (const e of kv.list({ prefix: [] })) keys.push(e.key);
  for (let i = 0; i < keys.length; i += 500) {
    const op = kv.atomic();
    for (const k of keys.slice(i, i + 500)) op.delete(k);
    await op.commit();
  }
}

// --- CRUD of value and key types ---
const values = {
  str: "hello", num: 3.5, neg: -7, big: 12345678901234567890n, bool: true, nul: null,
  obj: { a: 1, b: [1, 2, "x"], c: { d: null } }, arr: [1, "two", 3n], date: new Date(1700000000000),
  map: new Map([["k", 1]]), set: new Set([1, 2]), u64: new KvU64(42n), bytes: new Uint8Array([0, 1, 255]),
};
for (const [name, v] of Object.entries(values)) {
  await kv.set(["val", name], v);
  out(`crud.get.${name}`, entry(await kv.get(["val", name])).value);
}
const keyParts = [["s", "x"], ["n", 1.5], ["n", -1], ["b", 10n], ["b", -3n], ["t", true], ["f", false],
  ["u", new Uint8Array([1, 2])], ["e", ""], ["z", "\u0000nul"]];
for (const k of keyParts) await kv.set(["key", ...k], norm(k));
const listed = [];
for await (const e of kv.list({ prefix: ["key"] })) listed.push(e.key);
out("keys.order", listed);
out("crud.missing", entry(await kv.get(["nope"])));
await kv.delete(["val", "str"]);
out("crud.deleted", (await kv.get(["val", "str"])).value);
out("crud.getMany", (await kv.getMany([["val", "num"], ["nope"], ["val", "bool"]])).map((e) => e.value));

// --- ordering across types (bigint < number < ... ) ---
for (const p of [1, 1n, "1", true, new Uint8Array([1]), -1, 0, 2n]) await kv.set(["ord", p], 0);
const ord = [];
for await (const e of kv.list({ prefix: ["ord"] })) ord.push(e.key[1]);
out("order.mixed", ord);

// --- list selectors and cursor pagination ---
for (let i = 0; i < 25; i++) await kv.set(["l", i], i * 2);
const collect = async (sel, opts) => { const r = []; for await (const e of kv.list(sel, opts)) r.push(e.key[1]); return r; };
out("list.prefix", await collect({ prefix: ["l"] }));
out("list.reverseLimit", await collect({ prefix: ["l"] }, { reverse: true, limit: 3 }));
out("list.range", await collect({ start: ["l", 5], end: ["l", 9] }));
out("list.prefixStart", await collect({ prefix: ["l"], start: ["l", 20] }));
out("list.prefixEnd", await collect({ prefix: ["l"], end: ["l", 3] }));
out("list.smallBatch", await collect({ prefix: ["l"] }, { batchSize: 4 }));
{
  const pages = [];
  let cursor;
  for (let i = 0; i < 10; i++) {
    const it = kv.list({ prefix: ["l"] }, { limit: 7, cursor });
    const page = [];
    for await (const e of it) page.push(e.key[1]);
    pages.push(page);
    cursor = it.cursor;
    if (!cursor || page.length < 7) break;
  }
  out("list.cursorPages", pages);
}

// --- atomic checks ---
{
  const a = await kv.set(["acct"], 100);
  out("atomic.checkOk", await outcome(() => kv.atomic().check({ key: ["acct"], versionstamp: a.versionstamp }).set(["acct"], 90).commit()));
  out("atomic.checkStale", await outcome(() => kv.atomic().check({ key: ["acct"], versionstamp: a.versionstamp }).set(["acct"], 80).commit()));
  out("atomic.checkNullAbsent", await outcome(() => kv.atomic().check({ key: ["fresh"], versionstamp: null }).set(["fresh"], 1).commit()));
  out("atomic.checkNullPresent", await outcome(() => kv.atomic().check({ key: ["fresh"], versionstamp: null }).set(["fresh"], 2).commit()));
  out("atomic.after", [(await kv.get(["acct"])).value, (await kv.get(["fresh"])).value]);
  const r1 = await kv.atomic().set(["same1"], 1).set(["same2"], 2).commit();
  const [e1, e2] = await kv.getMany([["same1"], ["same2"]]);
  out("atomic.sharedVersionstamp", e1.versionstamp === r1.versionstamp && e2.versionstamp === r1.versionstamp);
  const r2 = await kv.atomic().commit();
  out("atomic.emptyCommitAdvances", r2.ok && r2.versionstamp > r1.versionstamp);
  out("atomic.order", await outcome(() => kv.atomic().set(["o"], 1).delete(["o"]).commit()));
  out("atomic.orderResult", (await kv.get(["o"])).value);
}

// --- sum / min / max and their errors ---
{
  await kv.atomic().sum(["c"], 5n).sum(["c"], 10n).commit();
  out("math.sum", (await kv.get(["c"])).value);
  await kv.atomic().min(["c"], 3n).commit();
  out("math.min", (await kv.get(["c"])).value);
  await kv.atomic().max(["c"], 99n).commit();
  out("math.max", (await kv.get(["c"])).value);
  await kv.atomic().sum(["wrap"], 0xffffffffffffffffn).sum(["wrap"], 2n).commit();
  out("math.wrap", (await kv.get(["wrap"])).value);
  await kv.set(["str"], "text");
  out("math.sumOnString", await outcome(() => kv.atomic().set(["untouched"], 1).sum(["str"], 1n).commit()));
  out("defect.math.allOrNothing", (await kv.get(["untouched"])).value);
  out("math.minOnString", await outcome(() => kv.atomic().min(["str"], 1n).commit()));
}

// --- versionstamped keys (Deno only: @deno/kv has no API) ---
if (isDeno) {
  const r = await kv.set(["vs", kv.commitVersionstamp()], "stamped");
  const got = [];
  for await (const e of kv.list({ prefix: ["vs"] })) got.push(e);
  out("deno-only.vsKey", got.length === 1 && got[0].key[1] === r.versionstamp && got[0].versionstamp === r.versionstamp);
}

// --- expireIn ---
{
  await kv.set(["exp"], "soon", { expireIn: 300 });
  out("expire.before", (await kv.get(["exp"])).value);
  await new Promise((r) => setTimeout(r, 1200));
  out("defect.expire.after", (await kv.get(["exp"])).value);
  const l = [];
  for await (const e of kv.list({ prefix: ["exp"] })) l.push(e.key);
  out("expire.list", l);
}

// --- limits ---
out("limit.key2048", await outcome(() => kv.set(["k", "x".repeat(2040)], 1)));
out("limit.keyTooLong", await outcome(() => kv.set(["k", "x".repeat(2050)], 1)));
out("limit.value64k", await outcome(() => kv.set(["v"], new Uint8Array(65536))));
out("limit.valueTooLarge", await outcome(() => kv.set(["v"], new Uint8Array(65537))));
out("limit.getMany10", await outcome(() => kv.getMany(Array.from({ length: 10 }, (_, i) => ["g", i]))));
out("limit.getMany11", await outcome(() => kv.getMany(Array.from({ length: 11 }, (_, i) => ["g", i]))));
{
  const op = kv.atomic();
  for (let i = 0; i < 1000; i++) op.set(["m", i], i);
  out("limit.mutations1000", await outcome(() => op.commit()));
  const op2 = kv.atomic();
  for (let i = 0; i < 1001; i++) op2.set(["m", i], i);
  out("limit.mutations1001", await outcome(() => op2.commit()));
  const op3 = kv.atomic();
  for (let i = 0; i < 13; i++) op3.set(["big", i], new Uint8Array(65000));
  out("limit.totalTooLarge", await outcome(() => op3.commit()));
}

// --- watch ---
{
  await kv.set(["w", 2], "two");
  const stream = kv.watch([["w", 1], ["w", 2]]);
  const reader = stream.getReader();
  const first = await reader.read();
  out("watch.first", first.value.map((e) => [e.key, e.value]));
  await kv.set(["w", 1], "one");
  let next = await reader.read();
  while (next.value[0].value !== "one") next = await reader.read();  // coalescing allowed
  out("watch.afterSet", next.value.map((e) => [e.key, e.value]));
  await kv.delete(["w", 2]);
  next = await reader.read();
  while (next.value[1].value !== null) next = await reader.read();
  out("watch.afterDelete", next.value.map((e) => [e.key, e.value]));
  await reader.cancel();
}

// --- 20 concurrent clients committing at once ---
{
  const clients = [];
  for (let i = 0; i < 20; i++) clients.push(remote ? await openKv(url) : kv);
  await Promise.all(clients.map(async (c) => {
    for (let j = 0; j < 10; j++) await c.atomic().sum(["total"], 1n).commit();
  }));
  out("concurrent.sumTotal", (await kv.get(["total"])).value);
  // Optimistic increments: check + set retried until they win.
  await kv.set(["occ"], 0);
  await Promise.all(clients.map(async (c) => {
    for (let j = 0; j < 5; j++) {
      for (;;) {
        const cur = await c.get(["occ"]);
        const r = await c.atomic().check(cur).set(["occ"], cur.value + 1).commit();
        if (r.ok) break;
      }
    }
  }));
  out("concurrent.checkSetTotal", (await kv.get(["occ"])).value);
  if (remote) for (const c of clients) c.close();
}

kv.close();
console.log(lines.join("\n"));
if (!isDeno) process.exit(0);
