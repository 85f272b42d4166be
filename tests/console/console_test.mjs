// Drives the console page (served by `openkv serve --data-dir`) in headless
// Chromium. Usage: node console_test.mjs SERVER_URL ADMIN_TOKEN, with
// PLAYWRIGHT_DIR, CHROMIUM, ARTIFACTS, OPENKV_BIN and APP_TOKEN (a token of
// database "app") in the environment; console_test.sh seeds "app" first.
// Every step asserts on the page; a failure exits 1 after a screenshot.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const [url, adminToken] = process.argv.slice(2);
const env = process.env;
const { chromium } = createRequire(path.join(env.PLAYWRIGHT_DIR, "package.json"))("playwright-core");

const TIMEOUT = 10000;
let page;
let step = 0;

async function shot(name) {
  step += 1;
  await page.screenshot({ path: path.join(env.ARTIFACTS, `console-${String(step).padStart(2, "0")}-${name}.png`), fullPage: true });
}

function pass(what) {
  console.log(`PASS ${what}`);
}

// The row of the entries table showing `label` (a key as the console prints it).
const row = (label) => page.locator("#entries tbody tr", { has: page.locator("td.key", { hasText: label }) });

// Waits until the table shows exactly these keys, in this order (a list
// refresh replaces the rows some time after the click that asked for it).
async function expectRows(labels, what) {
  await page.waitForFunction(
    (want) => JSON.stringify([...document.querySelectorAll("#entries tbody td.key")].map((td) => td.textContent)) === want,
    JSON.stringify(labels), { timeout: TIMEOUT });
  pass(what);
}

async function expectText(locator, text, what) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: TIMEOUT });
  pass(what);
}

const browser = await chromium.launch({ executablePath: env.CHROMIUM, headless: true, args: ["--no-sandbox"] });
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));

  // Sign in: a wrong token is refused, the admin token lists the databases.
  await page.goto(`${url}/console`);
  await page.fill("#token", "not-a-token");
  await page.click("#login-form button");
  await page.locator("#login-error").filter({ hasText: /./ }).waitFor({ timeout: TIMEOUT });
  pass("a wrong token is refused on the sign-in page");
  await page.fill("#token", adminToken);
  await page.click("#login-form button");
  await page.locator("#app").waitFor({ state: "visible", timeout: TIMEOUT });
  const options = await page.locator("#database option").allTextContents();
  if (JSON.stringify(options) !== JSON.stringify(["app", "other"])) throw new Error(`databases: ${options}`);
  pass("signed in; both databases are offered");
  if (await page.evaluate(() => sessionStorage.getItem("openkv.console.token")) !== adminToken) {
    throw new Error("the token is not in sessionStorage");
  }
  pass("the token is kept in sessionStorage");

  // Browse: the tree counts entries per prefix; a click lists that prefix.
  const usersNode = page.locator("#tree li[data-key='[\"users\"]'] > .node");
  await expectText(usersNode, "3", "the tree shows users with 3 entries");
  await expectText(page.locator("#tree li[data-key='[\"config\"]'] > .node"), "1", "and config with 1");
  await usersNode.click();
  await expectRows(['["users", 1]', '["users", 2]', '["users", 3]'], "a click in the tree lists that prefix");
  await expectText(row('["users", 3]').locator("td.value"), "12345678901234567890n", "a bigint is shown as one");
  await page.locator("#tree li[data-key='[\"users\"]'] > .toggle").click();
  await expectText(page.locator("#tree li[data-key='[\"users\",3]'] > .node"), "1", "the tree expands a level");
  // Paging with a cursor: limit 2 gives two pages.
  await page.fill("#f-limit", "2");
  await page.click("#filter button[type=submit]");
  await expectRows(['["users", 1]', '["users", 2]'], "limit 2 gives the first page");
  await page.click("#next-page");
  await expectRows(['["users", 3]'], "the next page is reached by cursor");
  await expectText(page.locator("#page-info"), "page 2", "on page 2");
  await page.click("#prev-page");
  await expectRows(['["users", 1]', '["users", 2]'], "and back");
  await page.fill("#f-limit", "50");
  await page.check("#f-reverse");
  await page.click("#filter button[type=submit]");
  await expectRows(['["users", 3]', '["users", 2]', '["users", 1]'], "reverse lists the last key first");
  await page.uncheck("#f-reverse");
  await page.click("#filter button[type=submit]");
  await expectRows(['["users", 1]', '["users", 2]', '["users", 3]'], "ascending again");
  await shot("browse");

  // Edit a bigint: the editor knows the type.
  await row('["users", 3]').locator("td.key").click();
  await page.locator("#editor").waitFor({ state: "visible", timeout: TIMEOUT });
  if (await page.inputValue("#e-type") !== "bigint") throw new Error("the editor should open as bigint");
  if (await page.inputValue("#e-value") !== "12345678901234567890") throw new Error("bigint text");
  pass("the editor opens a bigint as a bigint");
  if (!(await page.evaluate(() => location.hash)).includes("key=")) throw new Error("no deep link in the hash");
  pass("the open entry is in the URL hash");
  await page.fill("#e-value", "12.5");
  await page.click("#e-save");
  await expectText(page.locator("#e-error"), "not an integer", "a bad bigint is refused before sending");
  await page.fill("#e-value", "-98765432109876543210");
  await page.click("#e-save");
  await expectText(page.locator("#status"), "saved", "the bigint is saved");
  await expectText(row('["users", 3]').locator("td.value"), "-98765432109876543210n", "and listed");
  await shot("bigint-edited");

  // A write by another client meanwhile: saving the stale view is refused.
  execFileSync(env.OPENKV_BIN, ["set", "--path", `${url}/app`, '["users",2]', '"bobby"'],
               { env: { ...env, DENO_KV_ACCESS_TOKEN: env.APP_TOKEN } });
  await row('["users", 2]').locator("td.key").click();
  await expectText(page.locator("#editor-title"), '["users", 2]', "users/2 opened");
  if (await page.inputValue("#e-value") !== "bobby") throw new Error("users/2 should show bobby");
  execFileSync(env.OPENKV_BIN, ["set", "--path", `${url}/app`, '["users",2]', '"robert"'],
               { env: { ...env, DENO_KV_ACCESS_TOKEN: env.APP_TOKEN } });
  await page.fill("#e-value", "stale edit");
  await page.click("#e-save");
  await expectText(page.locator("#e-error"), "changed since it was read", "a stale edit is refused (409)");

  // Edit a Map through its notation.
  await page.locator("#tree li[data-key='[\"config\"]'] > .node").click();
  await expectRows(['["config", "limits"]'], "config listed");
  await row('["config", "limits"]').locator("td.key").click();
  await expectText(page.locator("#editor-title"), "limits", "the Map entry is open");
  if (await page.inputValue("#e-type") !== "Map") throw new Error("the editor should open as Map");
  const mapNode = JSON.parse(await page.inputValue("#e-value"));
  mapNode.value[0][1].value = 25;
  await page.fill("#e-value", JSON.stringify(mapNode, null, 2));
  await page.click("#e-save");
  await expectText(page.locator("#status"), "saved", "the Map is saved");
  await expectText(row('["config", "limits"]').locator("td.value"), '"max" => 25', "and listed as a Map");
  await shot("map-edited");

  // Delete two entries with the confirmation; cancelling deletes nothing.
  await page.locator("#tree li[data-key='[\"users\"]'] > .node").click();
  await expectRows(['["users", 1]', '["users", 2]', '["users", 3]'], "users listed");
  await row('["users", 1]').locator("input").check();
  await row('["users", 2]').locator("input").check();
  await expectText(page.locator("#delete-selected"), "(2)", "two rows selected");
  await page.click("#delete-selected");
  await page.locator("#confirm").waitFor({ state: "visible", timeout: TIMEOUT });
  await expectText(page.locator("#confirm-text"), "Delete 2 entries", "the confirmation names the count");
  await shot("delete-confirm");
  await page.click("#confirm button[value=cancel]");
  await expectText(page.locator("#status"), "nothing deleted", "cancel deletes nothing");
  if (await page.locator("#entries tbody tr").count() !== 3) throw new Error("rows vanished after cancel");
  await page.click("#delete-selected");
  await page.click("#confirm-ok");
  await expectText(page.locator("#status"), "deleted 2 entries", "confirmed delete");
  await expectRows(['["users", 3]'], "only users/3 is left");
  await expectText(page.locator("#tree li[data-key='[\"users\"]'] > .node"), "1", "the tree count follows");

  // Import NDJSON with progress; one bad line is reported, the rest written.
  const ndjson = [
    { key: [{ type: "string", value: "imported" }, { type: "string", value: "a" }], value: { type: "string", value: "x" } },
    { key: [{ type: "string", value: "imported" }, { type: "string", value: "b" }], value: { type: "Set", value: [{ type: "number", value: 1 }] } },
    "not json",
    { key: [{ type: "string", value: "imported" }, { type: "string", value: "c" }], value: { type: "KvU64", value: "42" } },
  ].map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n";
  await page.setInputFiles("#i-file", { name: "data.ndjson", mimeType: "application/x-ndjson", buffer: Buffer.from(ndjson) });
  await page.click("#i-start");
  await expectText(page.locator("#i-result"), "4 lines: 3 written, 0 skipped (existing), 1 failed", "import counts");
  await expectText(page.locator("#i-result"), "line 3:", "the bad line is named");
  if (await page.evaluate(() => document.getElementById("i-progress").value) !== 5) {
    throw new Error("the import progress did not reach the end");
  }
  pass("the progress bar is full");
  await expectText(page.locator("#tree li[data-key='[\"imported\"]'] > .node"), "3", "imported keys are in the tree");
  await shot("imported");

  // Export the selection (prefix ["imported"]): a download of NDJSON lines.
  await page.fill("#f-prefix", '["imported"]');
  await page.click("#filter button[type=submit]");
  await expectRows(['["imported", "a"]', '["imported", "b"]', '["imported", "c"]'], "imported listed");
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: TIMEOUT }), page.click("#x-start")]);
  const exported = fs.readFileSync(await download.path(), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  if (exported.length !== 3 || exported[2].value.type !== "KvU64" || download.suggestedFilename() !== "app.ndjson") {
    throw new Error(`export: ${download.suggestedFilename()} ${JSON.stringify(exported)}`);
  }
  await expectText(page.locator("#i-result"), "exported 3 entries", "export downloads the selection as NDJSON");

  // A deep link opens the database, the prefix and the entry.
  // A fresh load, not a hash change, as when a link is opened.
  await page.goto("about:blank");
  await page.goto(`${url}/console#db=app&prefix=${encodeURIComponent('["imported"]')}&key=${encodeURIComponent('["imported","b"]')}`);
  await expectText(page.locator("#editor-title"), '["imported", "b"]', "the deep link's entry is open");
  if (await page.inputValue("#e-type") !== "Set") throw new Error("the deep link should open the Set");
  await expectRows(['["imported", "a"]', '["imported", "b"]', '["imported", "c"]'], "the deep link's prefix is listed");
  pass("a deep link opens the entry (signed in from sessionStorage)");

  // Watch a key while another client writes it through KV Connect.
  await page.fill("#w-key", '["counter"]');
  await page.click("#watch-form button");
  await expectText(page.locator("#watch-list li .value"), "(absent)", "the watched key starts absent");
  execFileSync(env.OPENKV_BIN, ["set", "--path", `${url}/app`, '["counter"]', "7"],
               { env: { ...env, DENO_KV_ACCESS_TOKEN: env.APP_TOKEN } });
  await expectText(page.locator("#watch-list li .value"), /^7$/, "the other client's write shows up live");
  await shot("watch");

  if (pageErrors.length) throw new Error(`errors on the page: ${pageErrors.join("; ")}`);
  pass("no script errors on the page");
} catch (e) {
  console.log(`FAIL ${e.message}`);
  if (page) await shot("failure").catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}
