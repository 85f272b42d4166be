// The workload of spec 05 §9.1 plus concurrent commits, for any KV handle
// with Deno's API (Deno.openKv or @deno/kv's openKv). Returns ops/s per
// phase; workload.cc does the same phases through OpenKV's C++ API.
export const N = 20000, NATOMIC = 2000, NSUM = 5000, NCONCURRENT = 2048; // divisible by every writer count
export const WRITERS = [1, 8, 64];

export async function runWorkload(kv) {
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
  // NCONCURRENT commits in total, split over `writers` concurrent promises
  // (JavaScript's unit of concurrency; the C++ side uses threads).
  for (const writers of WRITERS) {
    await phase(`writers_${writers}`, NCONCURRENT, async () => {
      const each = NCONCURRENT / writers;
      await Promise.all(Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < each; i++) await kv.set(["w", writers, w, i], { i, s });
      }));
      let n = 0;
      for await (const _ of kv.list({ prefix: ["w", writers] })) n++;
      if (n !== NCONCURRENT) throw new Error(`writers_${writers}`);
    });
  }
  return result;
}
