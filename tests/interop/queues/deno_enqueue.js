// Deno enqueues one message that is ready now and one due in an hour.
const kv = await Deno.openKv(Deno.args[0]);
await kv.enqueue({ from: "deno", n: 1n });
await kv.enqueue("an hour later", { delay: 3600000 });
kv.close();
