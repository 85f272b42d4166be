// Deno writes the dataset, an entry that expires at once, and two queue
// messages (one ready now, one in an hour); prints the versionstamps in
// dataset order as JSON.
import { dataset, EXPIRED_KEY, QUEUE_MESSAGE, DELAYED_QUEUE_MESSAGE } from "./dataset.js";

const kv = await Deno.openKv(Deno.args[0]);
const versionstamps = [];
for (const [key, value, options] of dataset()) {
  versionstamps.push((await kv.set(key, value, options)).versionstamp);
}
await kv.set(EXPIRED_KEY, "gone", { expireIn: 1 });
await kv.enqueue(QUEUE_MESSAGE);
await kv.enqueue(DELAYED_QUEUE_MESSAGE, { delay: 3600000, keysIfUndelivered: [["undelivered"]] });
kv.close();
console.log(JSON.stringify(versionstamps));
