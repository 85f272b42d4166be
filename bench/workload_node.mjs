// The benchmark workload (workload.mjs) on @deno/kv (Node.js, its own
// SQLite engine) on a file. Prints one JSON object of ops/s per phase.
// Usage: NODEKV_MODULE=<path to node_modules/@deno/kv> node workload_node.mjs FILE
import { runWorkload } from "./workload.mjs";
const { openKv } = await import(`${process.env.NODEKV_MODULE}/esm/npm.js`);
const kv = await openKv(process.argv[2]);
const result = await runWorkload(kv);
kv.close();
console.log(JSON.stringify(result));
