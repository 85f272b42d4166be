// Load for bench/distributed.sh, through the real Deno client: `writers`
// concurrent commit loops (each an atomic set of one new key) spread over
// the server URLs for `seconds`, or with `--reads`, concurrent strong gets.
// Prints one JSON object: {"ops":N,"seconds":S,"per_second":R}.
//   deno run --unstable-kv -A pg_load.mjs writes|reads WRITERS SECONDS URL...
const [mode, writersArg, secondsArg, ...urls] = Deno.args;
const writers = Number(writersArg), seconds = Number(secondsArg);
const kvs = await Promise.all(urls.map((u) => Deno.openKv(u)));
if (mode === "reads") await kvs[0].set(["r"], "x".repeat(100));
const deadline = performance.now() + seconds * 1000;
let ops = 0;
const t0 = performance.now();
await Promise.all(Array.from({ length: writers }, async (_, w) => {
  const kv = kvs[w % kvs.length];
  for (let n = 0; performance.now() < deadline; n++) {
    if (mode === "writes") {
      const r = await kv.atomic().set(["w", w, n], n).commit();
      if (!r.ok) throw new Error("commit failed");
    } else if ((await kv.get(["r"])).value === null) {
      throw new Error("read");
    }
    ops++;
  }
}));
const elapsed = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ ops, seconds: elapsed, per_second: ops / elapsed }));
for (const kv of kvs) kv.close();
