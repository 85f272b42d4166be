// Prints every entry of the database named by the first argument, one line
// each, as Deno sees it (key and value through Deno.inspect, which shows
// types, holes, stacks and causes), without versionstamps, which an import
// reassigns. Two databases hold the same data iff their dumps are equal.
// With a second argument "versionstamps", prints only the versionstamps.
const kv = await Deno.openKv(Deno.args[0]);
const options = { depth: Infinity, colors: false, compact: true, breakLength: Infinity, showHidden: false };
for await (const entry of kv.list({ prefix: [] })) {
  if (Deno.args[1] === "versionstamps") {
    console.log(entry.versionstamp);
    continue;
  }
  const value = entry.value instanceof Error
    ? `${Deno.inspect(entry.value, options)} stack=${JSON.stringify(entry.value.stack)} cause=${Deno.inspect(entry.value.cause, options)}`
    : Deno.inspect(entry.value, options);
  console.log(`${Deno.inspect(entry.key, options)} => ${value}`);
}
kv.close();
