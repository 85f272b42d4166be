// Opens and closes many KV Connect watch streams against one server, over
// plain HTTP/1.1 (a new TCP connection each), the way a client that keeps
// reconnecting would: metadata exchange once, then for every stream
// `POST <endpoint>/watch`, wait for its first data frame, and hang up.
// Exits 0 only if every stream delivered a valid first frame.
//   node watch_churn.mjs URL TOKEN COUNT CONCURRENCY
import http from "node:http";

const [url, token, count, concurrency] = process.argv.slice(2);
const total = Number(count);

function post(target, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(target, { method: "POST", headers, agent: false }, resolve);
    req.on("error", reject);
    req.end(body);
  });
}

async function readAll(res) {
  const chunks = [];
  for await (const chunk of res) chunks.push(chunk);
  return Buffer.concat(chunks);
}

// Watch{keys: [WatchKey{key}]} with key = the tuple ["churn", "<n>"].
function watchRequest(n) {
  const key = Buffer.concat([
    Buffer.from([0x02]), Buffer.from("churn"), Buffer.from([0x00]),
    Buffer.from([0x02]), Buffer.from(String(n)), Buffer.from([0x00]),
  ]);
  const watchKey = Buffer.concat([Buffer.from([0x0a, key.length]), key]);
  return Buffer.concat([Buffer.from([0x0a, watchKey.length]), watchKey]);
}

const meta = await post(new URL("/", url), {
  authorization: `Bearer ${token}`,
  "content-type": "application/json",
}, JSON.stringify({ supportedVersions: [2, 3] }));
if (meta.statusCode !== 200) throw new Error(`metadata: HTTP ${meta.statusCode}`);
const metadata = JSON.parse((await readAll(meta)).toString());
const endpoint = new URL(metadata.endpoints[0].url + "/watch", url);
const headers = {
  authorization: `Bearer ${metadata.token}`,
  "content-type": "application/x-protobuf",
  "x-denokv-database-id": metadata.databaseId,
  "x-denokv-version": String(metadata.version),
};

// Resolves once the first non-empty frame arrived, then hangs up.
function oneWatch(n) {
  return new Promise((resolve, reject) => {
    const req = http.request(endpoint, { method: "POST", headers, agent: false }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`watch: HTTP ${res.statusCode}`));
      let buffered = Buffer.alloc(0);
      res.on("data", (chunk) => {
        buffered = Buffer.concat([buffered, chunk]);
        while (buffered.length >= 4) {
          const length = buffered.readUInt32LE(0);
          if (buffered.length < 4 + length) break;
          const frame = buffered.subarray(4, 4 + length);
          buffered = buffered.subarray(4 + length);
          if (length === 0) continue;  // keep-alive
          // WatchOutput: status (field 1) = SR_SUCCESS, then keys (field 2).
          if (frame[0] !== 0x08 || frame[1] !== 0x01) {
            return reject(new Error(`bad first frame ${frame.toString("hex")}`));
          }
          req.destroy();
          return resolve();
        }
      });
    });
    req.on("error", (e) => { if (!req.destroyed) reject(e); });
    req.end(watchRequest(n));
  });
}

let next = 0;
async function worker() {
  while (next < total) await oneWatch(next++);
}
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
console.log(`${total} watch streams opened and closed`);
