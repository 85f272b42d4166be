// @deno/kv on Node enqueues through KV Connect (it sends AtomicWrite.enqueues
// with deadline = now + delay and its fixed backoff schedule).
//   node node_enqueue.mjs URL
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { openKv } = require(process.env.NODEKV_MODULE);

const kv = await openKv(process.argv[2], { maxRetries: 2 });
const ready = await kv.enqueue({ from: "node", n: 1 });
const delayed = await kv.enqueue("an hour later", { delay: 3600000 });
const conditional = await kv.atomic().check({ key: ["gate"], versionstamp: null })
  .enqueue("behind a check").set(["gate"], true).commit();
kv.close();
console.log(JSON.stringify({ ready: ready.ok, delayed: delayed.ok, conditional: conditional.ok }));
