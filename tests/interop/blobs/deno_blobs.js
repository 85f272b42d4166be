// Blobs in kv-toolbox's layout (docs/BLOBS.md), written and read by Deno 2.9.6.
// kv-toolbox itself cannot be fetched in CI, so this follows its blob.ts
// behaviour from the layout spec: chunks [...key, "__kv_toolbox_blob__", i]
// cut at the writer's input pieces and written in several commits, then the
// meta object at [...key, "__kv_toolbox_meta__"].
//   deno_blobs.js write <db> <dir>   writes three blobs, their bytes to <dir>
//   deno_blobs.js read <db> <dir>    checks the blobs OpenKV wrote
const [mode, dbPath, dir] = Deno.args;
const kv = await Deno.openKv(dbPath);

function bytes(n, seed) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (seed + i * 13 + (i >> 9)) & 0xff;
  return out;
}

// kv-toolbox's set(): one chunk per input piece (at most 63,000 bytes),
// committed in batches of 10 chunks, the meta last.
async function writeBlob(key, pieces, meta) {
  let i = 0;
  for (let b = 0; b < pieces.length; b += 10) {
    const op = kv.atomic();
    for (const piece of pieces.slice(b, b + 10)) op.set([...key, "__kv_toolbox_blob__", ++i], piece);
    if (!(await op.commit()).ok) throw new Error("chunk commit failed");
  }
  await kv.set([...key, "__kv_toolbox_meta__"], meta);
}

function cut(data, size) {
  const pieces = [];
  for (let o = 0; o < data.length; o += size) pieces.push(data.subarray(o, o + size));
  return pieces;
}

// kv-toolbox's get(): chunks 1..N up to the first gap, and the meta.
async function readBlob(key) {
  const meta = (await kv.get([...key, "__kv_toolbox_meta__"])).value;
  if (!meta) return null;
  const parts = [];
  let expected = 1;
  for await (const e of kv.list({ prefix: [...key, "__kv_toolbox_blob__"] })) {
    if (e.key.at(-1) !== expected++) break;
    parts.push(e.value);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return { meta, data: out };
}

function check(what, ok) {
  if (!ok) { console.error(`FAIL: ${what}`); Deno.exit(1); }
}

if (mode === "write") {
  const file = bytes(3_000_000, 1);  // several MB: 48 chunks in 5 commits
  await writeBlob(["dk", "file"], cut(file, 63000),
                  { kind: "file", type: "text/plain", lastModified: 1700000000000, name: "data.txt", size: file.length });
  const blob = bytes(100010, 2);     // uneven chunks 10 / 63000 / 37000
  await writeBlob(["dk", "blob"], [blob.subarray(0, 10), blob.subarray(10, 63010), blob.subarray(63010)],
                  { kind: "blob", type: "image/png", size: blob.length });
  const buf = bytes(5, 3);
  await writeBlob(["dk", "buf"], [buf], { kind: "buffer", size: buf.length });
  await Deno.writeFile(`${dir}/dk_file.bin`, file);
  await Deno.writeFile(`${dir}/dk_blob.bin`, blob);
  await Deno.writeFile(`${dir}/dk_buf.bin`, buf);
} else {
  const file = await readBlob(["ok", "file"]);
  check("OpenKV File blob present", file);
  check("File bytes", file.data.join() === (await Deno.readFile(`${dir}/ok_file.bin`)).join());
  check("File meta keys " + Object.keys(file.meta), Object.keys(file.meta).join() === "kind,type,lastModified,name,size");
  check("File meta values", file.meta.kind === "file" && file.meta.type === "application/x-test" &&
        file.meta.name === "ok_file.bin" && file.meta.size === file.data.length);
  const buf = await readBlob(["ok", "buf"]);
  check("buffer blob", buf && Object.keys(buf.meta).join() === "kind,size" && buf.meta.size === 11 &&
        new TextDecoder().decode(buf.data) === "from openkv");
  let stale = 0;
  for await (const _ of kv.list({ prefix: ["ok", "file", "__kv_toolbox_blob__"] })) stale++;
  check("chunk count " + stale, stale === Math.ceil(file.data.length / 63000));
}
kv.close();
