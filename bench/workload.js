// The baseline workload of spec 05 §9.1 on Deno's own SQLite engine. Prints
// one JSON object of ops/s per phase. Usage: deno run --unstable-kv -A workload.js FILE
const N = 20000, NATOMIC = 2000, NSUM = 5000;
const kv = await Deno.openKv(Deno.args[0]);
const s = "x".repeat(100);
const result = {};
const phase = async (name, count, body) => {
  const t0 = performance.now();
  await body();
  result[name] = count / ((performance.now() - t0) / 1000);
};
const versionstamps = new Array(N);
await phase("set", N, async () => {
  for (let i = 0; i < N; i++) versionstamps[i] = (await kv.set(["k", i], { i, s })).versionstamp;
});
await phase("get", N, async () => {
  for (let i = 0; i < N; i++) if ((await kv.get(["k", i])).value.i !== i) throw new Error("get");
});
await phase("list", N, async () => {
  let n = 0;
  for await (const _ of kv.list({ prefix: ["k"] })) n++;
  if (n !== N) throw new Error("list");
});
await phase("check_set", NATOMIC, async () => {
  for (let i = 0; i < NATOMIC; i++) {
    const r = await kv.atomic().check({ key: ["k", i], versionstamp: versionstamps[i] })
      .set(["k", i], { i, s, v: 2 }).commit();
    if (!r.ok) throw new Error("check_set");
  }
});
await phase("sum", NSUM, async () => {
  for (let i = 0; i < NSUM; i++) await kv.atomic().sum(["counter"], 1n).commit();
  if ((await kv.get(["counter"])).value.value !== BigInt(NSUM)) throw new Error("sum");
});
kv.close();
console.log(JSON.stringify(result));
