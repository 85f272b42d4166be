// The entries both sides write and expect: every key part type and every
// value type Deno can store. tests/interop/file_compat_test.cc builds the same
// list in C++; keep the two in the same order.
export function dataset() {
  const cyclic = { name: "loop" };
  cyclic.self = cyclic;
  const shared = { s: 1 };
  const err = new TypeError("boom", { cause: 42 });
  err.stack = "TypeError: boom";
  const buf = new ArrayBuffer(4);
  new Uint8Array(buf).set([1, 2, 3, 4]);
  return [
    [["str"], "hello"],
    [["num", 1], 7],
    [["num", -1.5], -0],
    [["num", 0], 123.5],
    [["num", -0], NaN],
    [["inf"], Infinity],
    [["big", 10n], 10n],
    [["big", -(2n ** 70n)], -(2n ** 64n)],
    [["big", 0n], 0n],
    [["bytes", new Uint8Array([0, 1, 255])], new Uint8Array([0, 1, 255])],
    [["bool", true], true],
    [["bool", false], false],
    [["s", "a\u0000b"], null],
    [["s", "é"], undefined],
    [["s", ""], "€uro"],
    [["lone"], "\ud800x"],
    [["date"], new Date(0)],
    [["date", "invalid"], new Date(NaN)],
    [["regexp"], /ab+c/gi],
    [["object"], { name: "Alice", age: 31, nested: { list: [1, "a", true] } }],
    [["array"], [1, "a", true, null, undefined]],
    [["sparse"], [, , 1]],
    [["map"], new Map([["k", 1], [2, "two"]])],
    [["set"], new Set([1, "x"])],
    [["typed", "u8"], { u: new Uint8Array([1, 2]) }],
    [["typed", "i32"], new Int32Array([-1, 2])],
    [["typed", "f64"], new Float64Array([1.5])],
    [["typed", "big64"], new BigInt64Array([-5n])],
    [["typed", "dataview"], new DataView(buf, 1, 2)],
    [["arraybuffer"], buf],
    [["error"], err],
    [["boxed"], [new Number(3), new String("s"), new Boolean(false)]],
    [["cyclic"], cyclic],
    [["shared"], { a: shared, b: shared }],
    [["u64"], new Deno.KvU64(42n)],
    [["u64", "max"], new Deno.KvU64(2n ** 64n - 1n)],
    [["ttl", "far"], "stays", { expireIn: 3600000 }],
  ];
}

export const EXPIRED_KEY = ["ttl", "soon"];
export const QUEUE_MESSAGE = "deliver me";
export const DELAYED_QUEUE_MESSAGE = "later";

export function show(value) {
  return Deno.inspect(value, { depth: 20, iterableLimit: 1000, strAbbreviateSize: 1000 });
}
