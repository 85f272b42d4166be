// The real Deno client on two databases of one `openkv serve --data-dir`
// (multi_db.sh): data, versionstamps, watches and queues stay separate; a
// read-only token cannot write; a prefix-scoped token cannot reach outside
// its prefix; a token revoked through the admin API or the CLI stops working
// within a second. (Deno sends no enqueues over KV Connect; @deno/kv does,
// multi_db_node.mjs.) Prints PASS/FAIL lines; exits 1 on any failure.
//   deno run --unstable-kv --allow-net=127.0.0.1 --allow-env --allow-run multi_db.mjs \
//     BASE_URL TOKENS_JSON OPENKV_BIN DATA_DIR
// TOKENS_JSON: {"app", "shop", "shop_ro", "app_carts", "admin"} → secrets;
// "revoke_id" and "revoke" name a read-write token of app the CLI revokes.
const [base, tokensJson, openkvBin, dataDir] = Deno.args;
const tokens = JSON.parse(tokensJson);
let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "PASS" : "FAIL"} ${what}`);
  if (!ok) failures++;
}

// Deno reads DENO_KV_ACCESS_TOKEN when a database is opened.
async function open(name, token) {
  Deno.env.set("DENO_KV_ACCESS_TOKEN", token);
  return await Deno.openKv(`${base}/${name}`);
}
async function refused(promise) {
  try {
    await promise;
    return null;
  } catch (e) {
    return e.message;
  }
}
const stampNumber = (vs) => BigInt("0x" + vs.slice(0, 16));

const app = await open("app", tokens.app);
const shop = await open("shop", tokens.shop);

// Data.
await app.set(["k"], "in app");
await shop.set(["k"], "in shop");
check((await app.get(["k"])).value === "in app", "app reads its own value of [k]");
check((await shop.get(["k"])).value === "in shop", "shop reads its own value of [k]");
await app.set(["only", "app"], 1);
const shopKeys = [];
for await (const e of shop.list({ prefix: [] })) shopKeys.push(JSON.stringify(e.key));
check(JSON.stringify(shopKeys) === '["[\\"k\\"]"]', `shop lists only its own keys: ${shopKeys}`);

// Versionstamps: each database counts its own commits (SQLite adds 1..9 per
// commit), so 20 commits in app move shop's next versionstamp by at most 9.
const before = stampNumber((await shop.set(["v"], 0)).versionstamp);
for (let i = 0; i < 20; i++) await app.set(["v"], i);
const after = stampNumber((await shop.set(["v"], 1)).versionstamp);
check(after - before >= 1n && after - before <= 9n,
      `shop's versionstamps ignore app's 20 commits (moved by ${after - before})`);

// Watches.
const reader = app.watch([["w"]]).getReader();
check((await reader.read()).value[0].value === null, "watch on app starts with [w] absent");
await shop.set(["w"], "shop's w");
const nextEvent = reader.read();
const early = await Promise.race([nextEvent, new Promise((r) => setTimeout(() => r("quiet"), 700))]);
check(early === "quiet", "a write to shop's [w] does not wake app's watch");
await app.set(["w"], "app's w");
const woke = await Promise.race([nextEvent, new Promise((r) => setTimeout(() => r(null), 10000))]);
check(woke?.value?.[0]?.value === "app's w", "a write to app's [w] does");
await reader.cancel();

// A read-only token reads but cannot write; the client shows the 403.
const shopRo = await open("shop", tokens.shop_ro);
check((await shopRo.get(["k"])).value === "in shop", "a read-only token reads");
const roError = await refused(shopRo.set(["k"], "overwritten"));
check(roError?.includes("403") && roError.includes("read only"),
      `a read-only token cannot write: ${roError}`);
check((await shop.get(["k"])).value === "in shop", "the refused write changed nothing");

// A token of app is no token of shop.
const wrongDb = await refused(open("shop", tokens.app).then((kv) => kv.get(["k"])));
check(wrongDb !== null, `app's token does not open shop: ${wrongDb}`);

// Prefix scope ["carts"].
const carts = await open("app", tokens.app_carts);
check((await carts.set(["carts", 1], "cart")).ok, "a prefix-scoped token writes under its prefix");
check((await carts.get(["carts", 1])).value === "cart", "and reads under it");
const listed = [];
for await (const e of carts.list({ prefix: ["carts"] })) listed.push(e.value);
check(listed.length === 1, "and lists its prefix");
check(await refused(carts.get(["k"])) !== null, "it cannot read [k] outside the prefix");
check(await refused(carts.set(["k"], "x")) !== null, "it cannot write outside the prefix");
check(await refused((async () => { for await (const _ of carts.list({ prefix: [] })); })()) !== null,
      "it cannot list the whole database");
check(await refused(carts.atomic().set(["carts", 2], 1).set(["other"], 1).commit()) !== null,
      "an atomic write reaching outside the prefix is refused whole");
check((await app.get(["carts", 2])).value === null, "and applied nothing");

// Revocation through the admin API.
const admin = (path, init = {}) =>
  fetch(`${base}/admin/v1/${path}`, {
    ...init,
    headers: { authorization: `Bearer ${tokens.admin}`, "content-type": "application/json" },
  });
const made = await (await admin("tokens", {
  method: "POST",
  body: JSON.stringify({ database: "app", role: "read-write" }),
})).json();
check(typeof made.token === "string" && typeof made.id === "string", "the admin API makes a token");
const viaApi = await open("app", made.token);
check((await viaApi.get(["k"])).value === "in app", "the new token works at once");
const listedTokens = await (await admin("tokens")).json();
check(!JSON.stringify(listedTokens).includes(made.token), "token lists never show a secret");
let t0 = performance.now();
check((await admin(`tokens/${made.id}`, { method: "DELETE" })).status === 200,
      "the admin API revokes it");
async function refusedWithin(kv, ms) {
  while (performance.now() - t0 < ms) {
    if (await refused(kv.get(["k"])) !== null) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 20));
  }
  return null;
}
let took = await refusedWithin(viaApi, 1000);
check(took !== null, `a token revoked through the admin API is refused within 1 s (${took?.toFixed(0)} ms)`);
check((await (await fetch(`${base}/admin/v1/tokens`, {
  headers: { authorization: `Bearer ${tokens.app}` },
})).status) === 401, "a database token is no admin token");

// Revocation with the CLI while the server runs.
const viaCli = await open("app", tokens.revoke);
check((await viaCli.get(["k"])).value === "in app", "the token the CLI will revoke works");
const revoked = await new Deno.Command(openkvBin, {
  args: ["token", "revoke", "--data-dir", dataDir, tokens.revoke_id],
}).output();
t0 = performance.now();
check(revoked.success, "openkv token revoke succeeds");
took = await refusedWithin(viaCli, 1000);
check(took !== null, `a token revoked with the CLI is refused within 1 s (${took?.toFixed(0)} ms)`);

for (const kv of [app, shop, shopRo, carts, viaApi, viaCli]) kv.close();
console.log(failures === 0 ? "multi_db: all passed" : `multi_db: ${failures} failed`);
Deno.exit(failures === 0 ? 0 : 1);
