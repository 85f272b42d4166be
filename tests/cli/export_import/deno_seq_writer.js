// Writes ["seq", i] = i for i = 0, 1, 2, … one commit each, into the
// database named by the first argument, until the second argument (a file)
// exists; the backup test copies the database meanwhile.
const kv = await Deno.openKv(Deno.args[0]);
for (let i = 0; ; i++) {
  await kv.set(["seq", i], i);
  try {
    await Deno.stat(Deno.args[1]);
    break;
  } catch {
    // keep writing
  }
}
kv.close();
