// Deno reads a file OpenKV wrote: every dataset entry must be identical
// (value and versionstamp), the expired entry absent, then Deno keeps
// writing (its versionstamps continue above OpenKV's) and delivers the
// queue message OpenKV enqueued.
import { dataset, show, QUEUE_MESSAGE } from "./dataset.js";

const [path, versionstampsFile] = Deno.args;
const expectedVersionstamps = JSON.parse(await Deno.readTextFile(versionstampsFile));
const kv = await Deno.openKv(path);
const failures = [];
const entries = dataset();
let maxVersionstamp = "";
for (let i = 0; i < entries.length; i++) {
  const [key, value] = entries[i];
  const got = await kv.get(key);
  if (got.versionstamp !== expectedVersionstamps[i]) {
    failures.push(`${show(key)}: versionstamp ${got.versionstamp} != ${expectedVersionstamps[i]}`);
  }
  if (show(got.value) !== show(value)) {
    failures.push(`${show(key)}: value ${show(got.value)} != ${show(value)}`);
  }
  if (got.versionstamp > maxVersionstamp) maxVersionstamp = got.versionstamp;
}
const listed = [];
for await (const e of kv.list({ prefix: [] })) listed.push(e.key);
const sortedByOpenKV = listed.filter((k) => !(k[0] === "ttl" && k[1] === "soon"));
if (sortedByOpenKV.length !== entries.length) {
  failures.push(`list returned ${sortedByOpenKV.length} entries, expected ${entries.length}`);
}

// Deno keeps writing to the file: its versionstamps continue above OpenKV's.
const appended = await kv.set(["appended", "by", "deno"], "hi");
if (!(appended.versionstamp > maxVersionstamp)) {
  failures.push(`Deno's versionstamp ${appended.versionstamp} is not above ${maxVersionstamp}`);
}

// The message OpenKV enqueued (ready now) is delivered by Deno.
const delivered = await new Promise((resolve) => {
  const timer = setTimeout(() => resolve(null), 10000);
  kv.listenQueue((msg) => {
    clearTimeout(timer);
    resolve(msg);
  });
});
if (delivered !== QUEUE_MESSAGE) failures.push(`queue delivered ${show(delivered)}`);
await new Promise((r) => setTimeout(r, 300));
kv.close();

if (failures.length) {
  console.error(failures.join("\n"));
  Deno.exit(1);
}
console.log(`deno verified ${entries.length} entries, appended at ${appended.versionstamp}`);
