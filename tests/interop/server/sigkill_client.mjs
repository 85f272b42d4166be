// SIGKILL durability client, for Deno and Node (@deno/kv).
//   write URL NAME: set ["ack", NAME, i] = i for i = 0, 1, …, printing
//                   "ack NAME i" only after the commit was acknowledged.
//   verify URL ACKFILE...: every acknowledged key must be present (Deno only).
const isDeno = typeof Deno !== "undefined";
const args = isDeno ? Deno.args : process.argv.slice(2);
const [mode, url, ...rest] = args;
let openKv;
if (isDeno) {
  openKv = (u) => Deno.openKv(u);
} else {
  const mod = await import(process.env.NODEKV_MODULE + "/script/npm.js");
  openKv = (u) => mod.openKv(u, { maxRetries: 1 });
}
const kv = await openKv(url);
if (mode === "write") {
  const name = rest[0];
  for (let i = 0; ; i++) {
    await kv.atomic().set(["ack", name, i], i).sum(["count", name], 1n).commit();
    console.log(`ack ${name} ${i}`);
  }
} else {
  // verify runs under Deno (run_deno --allow-read).
  const lines = rest.map((f) => Deno.readTextFileSync(f)).join("\n")
    .split("\n").filter((l) => l.startsWith("ack "));
  let missing = 0;
  for (let i = 0; i < lines.length; i += 10) {
    const batch = lines.slice(i, i + 10).map((l) => l.split(" "));
    const got = await kv.getMany(batch.map(([, n, j]) => ["ack", n, Number(j)]));
    got.forEach((e, k) => { if (e.value !== Number(batch[k][2])) missing++; });
  }
  console.log(`acknowledged ${lines.length}, missing ${missing}`);
  kv.close();
  if (missing > 0 || lines.length === 0) throw new Error("durability violated or nothing written");
}
