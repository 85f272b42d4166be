// Deno's listenQueue receives one message (printed as JSON, bigints as
// strings with an "n"), then the database is closed. Exit 3 after 20 s
// without a message.
const kv = await Deno.openKv(Deno.args[0]);
const timer = setTimeout(() => {
  console.error("no message within 20 s");
  Deno.exit(3);
}, 20000);
let received;
const got = new Promise((resolve) => (received = resolve));
const listening = kv.listenQueue((message) => {
  console.log(JSON.stringify(message, (_, v) => (typeof v === "bigint" ? `${v}n` : v)));
  received();
});
await got;
clearTimeout(timer);
// Let Deno record the delivery before closing.
await new Promise((resolve) => setTimeout(resolve, 300));
kv.close();
await listening;
