// The copydesk extension: starts `copydesk lsp` for Markdown and plain text, and shows a
// story's sources (`copydesk sources FILE`).

import * as vscode from "vscode";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";
import { buildInitializationOptions, serverCommand, Settings } from "./options";

let client: LanguageClient | undefined;
let output: vscode.OutputChannel;
let sourcesOutput: vscode.OutputChannel | undefined;

function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration("copydesk");
  return {
    path: config.get<string>("path"),
    configFile: config.get<string>("configFile"),
    rules: config.get<Record<string, string>>("rules"),
    debounceMs: config.get<number>("debounceMs"),
  };
}

function workspaceFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

function options(settings: Settings) {
  const built = buildInitializationOptions(settings, workspaceFolder());
  for (const warning of built.warnings) {
    output.appendLine(warning);
    void vscode.window.showWarningMessage(warning);
  }
  return built.options;
}

async function start(): Promise<void> {
  const settings = readSettings();
  const { command, args } = serverCommand(settings);
  // No transport given: the client talks over stdin/stdout and adds no `--stdio`.
  const serverOptions: ServerOptions = { command, args };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
      { scheme: "untitled", language: "plaintext" },
    ],
    initializationOptions: options(settings),
    outputChannel: output,
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{copydesk.toml,.copydesk.toml}"),
    },
  };
  client = new LanguageClient("copydesk", "copydesk", serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    void vscode.window.showErrorMessage(
      `copydesk: cannot start "${command} lsp" (${message}). Set copydesk.path to the binary.`,
    );
  }
}

async function stop(): Promise<void> {
  const old = client;
  client = undefined;
  if (old) {
    await old.stop().catch(() => undefined);
  }
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

/** `copydesk sources FILE` on the active story, in the "copydesk sources" output channel. */
function showSources(): void {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage("copydesk: open a story first.");
    return;
  }
  const document = editor.document;
  const { command } = serverCommand(readSettings());
  sourcesOutput ??= vscode.window.createOutputChannel("copydesk sources");
  const channel = sourcesOutput;
  let file = document.uri.fsPath;
  let note = "";
  let cleanup = () => {};
  if (document.uri.scheme !== "file") {
    // An untitled story: its text in a temporary file of the same kind.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "copydesk-"));
    file = path.join(folder, document.languageId === "markdown" ? "story.md" : "story.txt");
    fs.writeFileSync(file, document.getText());
    cleanup = () => fs.rmSync(folder, { recursive: true, force: true });
  } else if (document.isDirty) {
    note = "(the saved file; save to include your latest changes)\n\n";
  }
  execFile(
    command,
    ["sources", file],
    { cwd: workspaceFolder(), maxBuffer: 16 << 20 },
    (error, stdout, stderr) => {
      cleanup();
      channel.clear();
      channel.append(note);
      if (stdout) {
        channel.append(stdout);
      } else if (error) {
        channel.appendLine(`copydesk sources failed: ${stderr || error.message}`);
      }
      channel.show(true);
    },
  );
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("copydesk");
  context.subscriptions.push(
    output,
    { dispose: () => sourcesOutput?.dispose() },
    vscode.commands.registerCommand("copydesk.showSources", showSources),
    vscode.commands.registerCommand("copydesk.restart", restart),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration("copydesk")) {
        return;
      }
      if (event.affectsConfiguration("copydesk.path") || !client?.isRunning()) {
        await restart();
      } else {
        await client.sendNotification("workspace/didChangeConfiguration", {
          settings: options(readSettings()),
        });
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
