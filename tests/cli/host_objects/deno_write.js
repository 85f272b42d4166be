// Writes the values Deno stores as host objects (Blob, File) or as sparse
// arrays, for host_objects_test.sh. Usage: deno run --unstable-kv … <path>
const kv = await Deno.openKv(Deno.args[0]);
await kv.set(["blob"], new Blob(["hello"], { type: "text/plain" }));
await kv.set(["file"], new File(["hi"], "a.txt", { type: "text/x", lastModified: 5 }));
await kv.set(["nested"], { x: new Blob([]), y: [1, 2] });
const sparse = [];
sparse[99_999] = "last";
await kv.set(["sparse"], sparse);
kv.close();
