// Two `openkv serve` processes on one PostgreSQL database, driven by the
// real Deno client through both at once (postgres.sh). Prints PASS/FAIL
// lines; exits 1 on any failure.
//   deno run --unstable-kv --allow-net=127.0.0.1 --allow-env two_servers.mjs URL_A URL_B
const kvs = [await Deno.openKv(Deno.args[0]), await Deno.openKv(Deno.args[1])];
const [a, b] = kvs;
let failures = 0;
function check(ok, what) {
  console.log(`${ok ? "PASS" : "FAIL"} ${what}`);
  if (!ok) failures++;
}

await a.set(["lock"], "free");
const base = await b.get(["lock"]);
check(base.value === "free", "a write through A is read through B");

const racers = 24;
const raced = await Promise.all(Array.from({ length: racers }, (_, i) =>
  kvs[i % 2].atomic().check(base).set(["lock"], `owner${i}`).commit()));
const winners = raced.filter((r) => r.ok).length;
check(winners === 1, `${racers} racing check-and-sets through both servers: ${winners} winner(s)`);
const owner = (await a.get(["lock"])).value;
check(raced[Number(owner.slice(5))]?.ok === true, `the stored owner (${owner}) is the winner`);

const sums = 200;
const summed = await Promise.all(Array.from({ length: sums }, (_, i) =>
  kvs[i % 2].atomic().sum(["n"], 1n).commit()));
const total = (await b.get(["n"])).value.value;
check(total === BigInt(sums), `${sums} concurrent sums through both servers: total ${total}`);
const stamps = new Set(summed.map((r) => r.versionstamp));
check(stamps.size === sums, `concurrent commits got ${stamps.size} distinct versionstamps`);

// One after the other, alternating servers: commit order is known, and
// versionstamps (fixed-width hex) must follow it.
let previous = "";
let increasing = true;
for (let i = 0; i < 40; i++) {
  const r = await kvs[i % 2].set(["seq"], i);
  if (!(r.versionstamp > previous)) increasing = false;
  previous = r.versionstamp;
}
check(increasing, "versionstamps strictly increase across servers in commit order");

// A watch on A sees a write made through B.
const reader = a.watch([["w"]]).getReader();
const first = await reader.read();
check(first.value[0].value === null, "watch on A starts with the key absent");
await b.set(["w"], "from B");
const seen = await Promise.race([
  (async () => {
    for (;;) {
      const next = await reader.read();
      if (next.value[0].value === "from B") return true;
    }
  })(),
  new Promise((resolve) => setTimeout(() => resolve(false), 10000)),
]);
check(seen, "watch on A sees the write made through B");
await reader.cancel();

for (const kv of kvs) kv.close();
Deno.exit(failures ? 1 : 0);
