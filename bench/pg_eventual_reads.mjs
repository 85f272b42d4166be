// Eventual reads for bench/distributed.sh through @deno/kv (the client that
// sends them to the eventual endpoint): `readers` concurrent loops of
// get(key, {consistency}) for `seconds`. Prints {"ops","seconds","per_second"}.
//   node pg_eventual_reads.mjs eventual|strong READERS SECONDS URL TOKEN
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { openKv } = require(process.env.NODEKV_MODULE);
const [consistency, readersArg, secondsArg, url, token] = process.argv.slice(2);
const kv = await openKv(url, { accessToken: token });
await kv.set(["r"], "x".repeat(100));
while ((await kv.get(["r"], { consistency })).value === null) { /* the standby catches up */ }
const deadline = performance.now() + Number(secondsArg) * 1000;
let ops = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: Number(readersArg) }, async () => {
  while (performance.now() < deadline) {
    if ((await kv.get(["r"], { consistency })).value === null) throw new Error("read");
    ops++;
  }
}));
const elapsed = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ ops, seconds: elapsed, per_second: ops / elapsed }));
kv.close();
