// Prints the value stored under the JSON key given as second argument.
const kv = await Deno.openKv(Deno.args[0]);
const entry = await kv.get(JSON.parse(Deno.args[1]));
console.log(JSON.stringify(entry.value));
kv.close();
