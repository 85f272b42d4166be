// @deno/kv on Node against two databases of one `openkv serve --data-dir`
// (multi_db.sh), at the same time as each other: each sees only its own
// data and queue; a read-only token's write and a prefix token's read outside its
// prefix fail with the server's 403. Prints PASS/FAIL lines; exits 1 on any
// failure.
//   node multi_db_node.mjs BASE_URL TOKENS_JSON
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { openKv } = require(process.env.NODEKV_MODULE);

const [base, tokensJson] = process.argv.slice(2);
const tokens = JSON.parse(tokensJson);
let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "PASS" : "FAIL"} ${what}`);
  if (!ok) failures++;
}
const open = (name, token) => openKv(`${base}/${name}`, { accessToken: token, maxRetries: 1 });
async function refused(promise) {
  try {
    await promise;
    return null;
  } catch (e) {
    return String(e.message);
  }
}

const [app, shop] = await Promise.all([open("app", tokens.app), open("shop", tokens.shop)]);
await Promise.all(Array.from({ length: 20 }, (_, i) =>
  Promise.all([app.set(["node", i], `app ${i}`), shop.set(["node", i], `shop ${i}`)])));
const read = async (kv) => {
  const values = [];
  for await (const e of kv.list({ prefix: ["node"] })) values.push(e.value);
  return values;
};
const [appValues, shopValues] = await Promise.all([read(app), read(shop)]);
check(appValues.length === 20 && appValues.every((v) => v.startsWith("app ")),
      "@deno/kv: app holds its 20 values only");
check(shopValues.length === 20 && shopValues.every((v) => v.startsWith("shop ")),
      "@deno/kv: shop holds its 20 values only");
// Queues: multi_db.sh listens on each database and checks what arrives.
check((await app.enqueue("message for app")).ok, "@deno/kv enqueues into app");
check((await shop.enqueue("message for shop")).ok, "@deno/kv enqueues into shop");

const shopRo = await open("shop", tokens.shop_ro);
check((await shopRo.get(["node", 0])).value === "shop 0", "@deno/kv: a read-only token reads");
check((await refused(shopRo.enqueue("x")))?.includes("403"), "@deno/kv: a read-only token cannot enqueue");
const carts0 = await open("app", tokens.app_carts);
check((await refused(carts0.enqueue("x")))?.includes("403"), "@deno/kv: a prefix token cannot enqueue");
carts0.close();
const roError = await refused(shopRo.set(["k"], "x"));
check(roError?.includes("403"), `@deno/kv: a read-only token cannot write: ${roError}`);
const carts = await open("app", tokens.app_carts);
const outside = await refused(carts.get(["k"]));
check(outside?.includes("403"), `@deno/kv: a prefix token cannot read outside: ${outside}`);
check((await carts.set(["carts", "node"], "cart")).ok, "@deno/kv: it writes under its prefix");
check((await carts.get(["carts", "node"])).value === "cart", "@deno/kv: and reads there");

for (const kv of [app, shop, shopRo, carts]) kv.close();
console.log(failures === 0 ? "multi_db_node: all passed" : `multi_db_node: ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
