// The JSON notation of @deno/kv-utils as the admin API speaks it (every key
// part and value is {"type": …, "value": …}; docs/OPERATIONS.md), and the
// shorter forms people type and read in the console.

// Key parts as typed in a key field: a JSON array whose items are strings,
// finite numbers, booleans, {"bigint": "12"} or {"bytes": "00ff"} (hex); a
// full notation node ({"type": …, "value": …}) is accepted too.
export function keyFromText(text) {
  const trimmed = text.trim();
  if (trimmed === "") throw new Error("a key is required (a JSON array, e.g. [\"users\", 1])");
  let parts;
  try {
    parts = JSON.parse(trimmed);
  } catch (e) {
    throw new Error(`the key is not JSON: ${e.message}`);
  }
  if (!Array.isArray(parts)) throw new Error("a key is a JSON array of parts");
  return parts.map(partFromValue);
}

function partFromValue(p) {
  if (typeof p === "string") return { type: "string", value: p };
  if (typeof p === "number") return { type: "number", value: p };
  if (typeof p === "boolean") return { type: "boolean", value: p };
  if (p && typeof p === "object" && !Array.isArray(p)) {
    if (typeof p.type === "string") return p;
    if (typeof p.bigint === "string" && /^-?\d+$/.test(p.bigint)) {
      return { type: "bigint", value: p.bigint };
    }
    if (typeof p.bytes === "string") return { type: "Uint8Array", value: hexToBase64url(p.bytes) };
  }
  throw new Error(`${JSON.stringify(p)} is not a key part (string, number, boolean, ` +
                  `{"bigint":"12"} or {"bytes":"00ff"})`);
}

// The inverse of keyFromText, for key fields and deep links.
export function keyToText(key) {
  return JSON.stringify(key.map((p) => {
    switch (p.type) {
      case "string": case "boolean": return p.value;
      case "number": return typeof p.value === "number" ? p.value : p;
      case "bigint": return { bigint: p.value };
      case "Uint8Array": return { bytes: base64urlToHex(p.value) };
      default: return p;
    }
  }));
}

// A key as shown in lists: ["users", 1, 12n, b"00ff"].
export function keyLabel(key) {
  return "[" + key.map(partLabel).join(", ") + "]";
}

export function partLabel(p) {
  switch (p.type) {
    case "string": return JSON.stringify(p.value);
    case "number": case "boolean": return String(p.value);
    case "bigint": return `${p.value}n`;
    case "Uint8Array": return `b"${base64urlToHex(p.value)}"`;
    default: return JSON.stringify(p);
  }
}

// A one-line preview of a value node, JavaScript-like.
export function preview(node, depth = 0) {
  if (!node || typeof node !== "object") return String(node);
  const inner = (n) => (depth > 1 ? "…" : preview(n, depth + 1));
  const v = node.value;
  switch (node.type) {
    case "string": return JSON.stringify(v);
    case "number": case "boolean": return String(v);
    case "bigint": return `${v}n`;
    case "null": return "null";
    case "undefined": return "undefined";
    case "KvU64": return `KvU64(${v}n)`;
    case "Date": return `Date(${v})`;
    case "RegExp": return v;
    case "Uint8Array": return `Uint8Array(${node.byteLength ?? "?"}) ${base64urlToHex(v).slice(0, 32)}`;
    case "Array": return "[" + v.map((x) => (x === null ? "<empty>" : inner(x))).join(", ") + "]";
    case "object":
      return "{" + Object.entries(v).map(([k, x]) => `${k}: ${inner(x)}`).join(", ") + "}";
    case "Map": return `Map(${v.length}) {` + v.map(([k, x]) => `${inner(k)} => ${inner(x)}`).join(", ") + "}";
    case "Set": return `Set(${v.length}) {` + v.map(inner).join(", ") + "}";
    default: return `${node.type} ${JSON.stringify(v ?? "")}`;
  }
}

// The editors the console offers. A scalar type edits its text; the other
// types edit the notation node itself as JSON.
export const EDITORS = {
  string: { input: "textarea", hint: "Any text." },
  number: { input: "text", hint: "A number; NaN, Infinity, -Infinity and -0 too." },
  bigint: { input: "text", hint: "An integer of any size, e.g. -12345678901234567890." },
  boolean: { input: "boolean", hint: "" },
  null: { input: "none", hint: "The value null." },
  undefined: { input: "none", hint: "The value undefined (not the same as null)." },
  KvU64: { input: "text", hint: "An unsigned 64-bit integer (0 to 18446744073709551615) for sum/min/max." },
  Date: { input: "text", hint: "An ISO 8601 time, e.g. 2024-01-02T03:04:05.678Z." },
  RegExp: { input: "text", hint: "/source/flags, e.g. /a+b/gi." },
  Uint8Array: { input: "textarea", hint: "Bytes as hex digits, e.g. 00ff10." },
  Map: { input: "notation", hint: "The Map node: value is [[keyNode, valueNode], …]." },
  Set: { input: "notation", hint: "The Set node: value is [node, …]." },
  Array: { input: "notation", hint: "The Array node: value is [node or null for a hole, …]." },
  object: { input: "notation", hint: "The object node: value is {name: node, …}." },
  other: { input: "notation", hint: "Any value node of the notation ({\"type\": …, \"value\": …})." },
};

export const EMPTY_NOTATION = {
  Map: { type: "Map", value: [] },
  Set: { type: "Set", value: [] },
  Array: { type: "Array", value: [] },
  object: { type: "object", value: {} },
  other: { type: "Error", value: { name: "Error", message: "" } },
};

// The editor a stored value opens in.
export function editorOf(node) {
  return Object.hasOwn(EDITORS, node.type) ? node.type : "other";
}

// The text a scalar editor shows for a node.
export function editorText(node) {
  switch (node.type) {
    case "Uint8Array": return base64urlToHex(node.value);
    case "number": return Object.is(node.value, -0) ? "-0" : String(node.value);
    case "boolean": return String(node.value);
    case "null": case "undefined": return "";
    default:
      return EDITORS[editorOf(node)].input === "notation" ? JSON.stringify(node, null, 2) : String(node.value);
  }
}

// The value node an editor's text stands for; throws with a readable reason.
export function nodeFromEditor(type, text) {
  switch (type) {
    case "string": return { type, value: text };
    case "number": {
      const t = text.trim();
      if (["NaN", "Infinity", "-Infinity"].includes(t)) return { type, value: t };
      if (t === "" || !Number.isFinite(Number(t))) throw new Error(`"${t}" is not a number`);
      return { type, value: Number(t) };
    }
    case "bigint":
      if (!/^-?\d+$/.test(text.trim())) throw new Error(`"${text}" is not an integer`);
      return { type, value: text.trim() };
    case "KvU64": {
      const t = text.trim();
      if (!/^\d+$/.test(t) || BigInt(t) > 18446744073709551615n) {
        throw new Error(`"${t}" is not an unsigned 64-bit integer`);
      }
      return { type, value: t };
    }
    case "boolean": return { type, value: text === "true" };
    case "null": return { type, value: null };
    case "undefined": return { type };
    case "Date":
      if (Number.isNaN(Date.parse(text.trim()))) throw new Error(`"${text}" is not a date`);
      return { type, value: new Date(text.trim()).toISOString() };
    case "RegExp":
      if (!/^\/.*\/[dgimsuyv]*$/s.test(text.trim())) throw new Error("a RegExp is written /source/flags");
      return { type, value: text.trim() };
    case "Uint8Array": {
      const b64 = hexToBase64url(text);
      return { type, value: b64, byteLength: text.replace(/\s/g, "").length / 2 };
    }
    default: {
      let node;
      try {
        node = JSON.parse(text);
      } catch (e) {
        throw new Error(`the notation is not JSON: ${e.message}`);
      }
      if (!node || typeof node !== "object" || typeof node.type !== "string") {
        throw new Error("a value node is an object with a \"type\"");
      }
      if (type !== "other" && node.type !== type) throw new Error(`the node's type is not ${type}`);
      return node;
    }
  }
}

export function hexToBase64url(hex) {
  const clean = hex.replace(/\s/g, "");
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new Error("bytes are an even number of hex digits");
  let bin = "";
  for (let i = 0; i < clean.length; i += 2) bin += String.fromCharCode(parseInt(clean.slice(i, i + 2), 16));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function base64urlToHex(b64) {
  const bin = atob(b64.replace(/-/g, "+").replace(/_/g, "/"));
  let hex = "";
  for (let i = 0; i < bin.length; i++) hex += bin.charCodeAt(i).toString(16).padStart(2, "0");
  return hex;
}
