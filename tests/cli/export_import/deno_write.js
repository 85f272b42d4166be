// Writes entries covering the value types of spec 06 §9 into the database
// named by the first argument, with Deno's own KV. A second argument "bad"
// writes unexportable entries instead (06 §3.13) around exportable ones.
const kv = await Deno.openKv(Deno.args[0]);
if (Deno.args[1] === "bad") {
  const cycle = { name: "loop" };
  cycle.self = cycle;
  await kv.set(["a"], "before");
  await kv.set(["b", "cycle"], cycle);
  await kv.set(["c"], "after");
} else {
  // Fixed stacks, so the exported line is the spec's E16 byte for byte.
  const cause = new RangeError("too big");
  cause.stack = "RangeError: too big\n    at check (file:///app/main.ts:1:7)";
  const error = new TypeError("bad input", { cause });
  error.stack = "TypeError: bad input\n    at main (file:///app/main.ts:3:9)";
  const holes = [1, , 3];
  const map = new Map([["name", "kv"], [1n, new Set([new Date(0), "x"])], [{ id: 1 }, [true, null]]]);
  const entries = [
    [["users", "alice"], "Alice Liddell"],
    [["scores", 42], 98.5],
    [["special", NaN], NaN],
    [["special", Infinity], -Infinity],
    [["orders", 12345678901234567890n], -9007199254740993n],
    [["flags", true], false],
    [[new Uint8Array([0xfb, 0xff])], new Uint8Array([0xfa, 0xfb, 0xfc, 0xfd])],
    [["empty", "null"], null],
    [["empty", "undefined"], undefined],
    [["events", 1n, "at"], new Date("2024-02-29T12:30:00.250Z")],
    [["patterns", "api"], /^\/api\/v[0-9]+/gi],
    [["config"], map],
    [["tags"], new Set(["a", 2, 3n, undefined])],
    [["profile", "alice"], { name: "Alice", 10: "ten", 2: "two", address: { city: "Paris", zip: undefined }, tags: ["admin"] }],
    [["blobs", "i16"], { samples: new Int16Array([1, -1, 256]) }],
    [["blobs", "f64"], new Float64Array([1.5, -0])],
    [["blobs", "bu64"], new BigUint64Array([2n ** 64n - 1n, 1n])],
    [["blobs", "ab"], new Uint8Array([1, 2, 3, 4, 5]).buffer],
    [["blobs", "dv"], new DataView(new Uint8Array([9, 8, 7]).buffer)],
    [["counters", "visits"], new Deno.KvU64(42n)],
    [["counters", "nested"], { c: new Deno.KvU64(7n) }],
    [["errors", 1], error],
    [["text"], "tab\there \"quoted\" back\\slash \u0001\u001f\b\f\r\n é 😀 </b> \ud800"],
    [["numbers"], [0.1, 1e21, 1e-7, 123456789012345680000, 5e-324, -1.7976931348623157e308, 2 ** 53, 0.000001]],
    [["quirks", "holes"], holes],
    [["quirks", "baddate"], new Date(NaN)],
    [["mixed", new Uint8Array([0]), 7n, 2.5, true], "all part types"],
    [["containers"], [[], {}, new Map(), new Set(), "", new Uint8Array(0)]],
    [["raw", "empty"], new Uint8Array(0)],
  ];
  for (const [key, value] of entries) await kv.set(key, value);
}
kv.close();
