// The extension's client side against the real server: `copydesk lsp` spoken to with the
// JSON-RPC libraries VS Code itself uses (vscode-jsonrpc through
// vscode-languageserver-protocol, the versions vscode-languageclient 9 depends on), with the
// initializationOptions built by the extension's own module (src/options.ts, compiled to
// dist/options.js by `npm run build`).
//
//   COPYDESK_BIN=../../target/debug/copydesk node --test test/
//
// Without COPYDESK_BIN the binary is $CARGO_TARGET_DIR/debug/copydesk, or the repository's
// target/debug/copydesk.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import protocol from "vscode-languageserver-protocol/node.js";
import optionsModule from "../dist/options.js";

const {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  PublishDiagnosticsNotification,
  DocumentDiagnosticRequest,
  ShutdownRequest,
  ExitNotification,
  DiagnosticSeverity,
} = protocol;
const { buildInitializationOptions, serverCommand } = optionsModule;

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const seedText = fs.readFileSync(path.join(repo, "seeds/000_7b3ac1a56a70b6ef.txt"), "utf8");

function binary() {
  if (process.env.COPYDESK_BIN) return path.resolve(process.env.COPYDESK_BIN);
  const target = process.env.CARGO_TARGET_DIR
    ? path.resolve(repo, process.env.CARGO_TARGET_DIR)
    : path.join(repo, "target");
  return path.join(target, "debug", "copydesk");
}

/** A workspace folder holding the seed as story.txt, and optionally a config file. */
function workspace(files = {}) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-vscode-"));
  fs.writeFileSync(path.join(folder, "story.txt"), seedText);
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(folder, name), text);
  }
  return folder;
}

/**
 * Start the server as the extension does (serverCommand, with `path` set to the built
 * binary), initialize it with the extension's options for `settings`, and open the story.
 */
async function session(t, settings, folder, { pull }) {
  const built = buildInitializationOptions({ ...settings, path: binary() }, folder);
  const { command, args } = serverCommand({ ...settings, path: binary() });
  const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const pushed = [];
  const waiters = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    pushed.push(params);
    for (const waiter of waiters.splice(0)) waiter();
  });
  connection.onRequest("workspace/configuration", (params) => params.items.map(() => null));
  connection.onRequest("client/registerCapability", () => null);
  connection.onRequest("workspace/diagnostic/refresh", () => null);
  connection.onRequest("window/workDoneProgress/create", () => null);
  connection.listen();
  t.after(async () => {
    try {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
    } catch {
      // the server is gone already
    }
    connection.dispose();
    child.kill();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  const uri = pathToFileURL(path.join(folder, "story.txt")).href;
  const textDocument = {
    synchronization: { didSave: true, dynamicRegistration: true },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source.fixAll"] } }, resolveSupport: { properties: ["edit"] } },
    hover: { contentFormat: ["markdown", "plaintext"] },
  };
  if (pull) textDocument.diagnostic = { dynamicRegistration: true, relatedDocumentSupport: false };
  const result = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    clientInfo: { name: "copydesk-vscode-test" },
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: "newsroom" }],
    capabilities: {
      general: { positionEncodings: ["utf-16"] },
      textDocument,
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
    },
    initializationOptions: built.options,
  });
  await connection.sendNotification(InitializedNotification.type, {});
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: "plaintext", version: 1, text: seedText },
  });

  async function diagnostics() {
    if (pull) {
      const report = await connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
      assert.equal(report.kind, "full");
      return report.items;
    }
    const deadline = Date.now() + 15000;
    for (;;) {
      const mine = pushed.filter((p) => p.uri === uri);
      // The server may push an empty list first; wait for the linted one.
      if (mine.length > 0 && mine.at(-1).diagnostics.length > 0) return mine.at(-1).diagnostics;
      const left = deadline - Date.now();
      assert.ok(left > 0, `no diagnostics pushed within 15 s; stderr: ${stderr}`);
      await new Promise((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, Math.min(left, 500));
      });
    }
  }
  return { result, built, diagnostics, stderr: () => stderr };
}

function counts(diagnostics) {
  const out = {};
  for (const d of diagnostics) out[d.code] = (out[d.code] ?? 0) + 1;
  return out;
}

test("the options module builds what the server accepts", () => {
  const folder = workspace({ "newsroom.toml": '[rules]\nhouse-style = "error"\nquote-style = "off"\n' });
  try {
    const built = buildInitializationOptions(
      { configFile: "newsroom.toml", rules: { "quote-style": "hint", "no-such-rule": "off", "relative-time": "loud" }, debounceMs: 25 },
      folder,
    );
    assert.deepEqual(built.options, {
      rules: { "house-style": "error", "quote-style": "hint" },
      debounceMs: 25,
    });
    assert.equal(built.warnings.length, 2, built.warnings.join("\n"));
    const missing = buildInitializationOptions({ configFile: "missing.toml" }, folder);
    assert.deepEqual(missing.options, {});
    assert.match(missing.warnings[0], /missing\.toml is not used/);
    assert.deepEqual(serverCommand({}), { command: "copydesk", args: ["lsp"] });
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test("the seed's diagnostics, pulled as VS Code pulls them, with the default settings", async (t) => {
  const s = await session(t, { debounceMs: 0 }, workspace(), { pull: true });
  assert.equal(s.result.serverInfo.name, "copydesk");
  assert.ok(s.result.capabilities.diagnosticProvider, "pull diagnostics offered to a pull client");
  const diagnostics = await s.diagnostics();
  const c = counts(diagnostics);
  assert.equal(c["unattributed-claim"], 1, JSON.stringify(c));
  assert.equal(c["house-style"], 2, JSON.stringify(c));
  assert.equal(c["quote-style"], 3, JSON.stringify(c));
  assert.equal(c["relative-time"], 1, JSON.stringify(c));
  assert.equal(c["unbalanced-quote"], undefined, JSON.stringify(c));
  const claim = diagnostics.find((d) => d.code === "unattributed-claim");
  assert.deepEqual(claim.range, { start: { line: 7, character: 0 }, end: { line: 7, character: 96 } });
  assert.equal(claim.severity, DiagnosticSeverity.Warning);
  for (const d of diagnostics) assert.equal(d.source, "copydesk");
});

test("the settings reach the server: config file, rule levels over it, pushed diagnostics", async (t) => {
  const folder = workspace({ "newsroom.toml": '[rules]\nhouse-style = "error"\nrelative-time = "warning"\n' });
  const settings = { configFile: "newsroom.toml", rules: { "relative-time": "off", "quote-style": "off" }, debounceMs: 0 };
  const s = await session(t, settings, folder, { pull: false });
  assert.deepEqual(s.built.options.rules, { "house-style": "error", "relative-time": "off", "quote-style": "off" });
  const diagnostics = await s.diagnostics();
  const c = counts(diagnostics);
  assert.equal(c["relative-time"], undefined, `rules setting wins over the file: ${JSON.stringify(c)}`);
  assert.equal(c["quote-style"], undefined, JSON.stringify(c));
  assert.equal(c["unattributed-claim"], 1, JSON.stringify(c));
  const houseStyle = diagnostics.filter((d) => d.code === "house-style");
  assert.equal(houseStyle.length, 2);
  for (const d of houseStyle) assert.equal(d.severity, DiagnosticSeverity.Error, "the config file's level");
  assert.doesNotMatch(s.stderr(), /not a copydesk config/);
});
