// The benchmark workload (workload.mjs) on Deno's own SQLite engine. Prints
// one JSON object of ops/s per phase.
// Usage: deno run --unstable-kv -A workload.js FILE
import { runWorkload } from "./workload.mjs";
const kv = await Deno.openKv(Deno.args[0]);
const result = await runWorkload(kv);
kv.close();
console.log(JSON.stringify(result));
