// The initializationOptions the extension sends to `copydesk lsp`, built from its settings.
//
// This module knows nothing of VS Code, so the client-side test (test/client.test.mjs) builds
// the same options from the same settings and sends them to the real server. The shape is
// the one src/lsp/settings.rs accepts: the keys of `copydesk.toml` ([rules], [quotes], ...)
// plus the server's own `debounceMs`. The server refuses unknown keys, so nothing else goes
// in (the binary's path and the config file's name stay on this side).

import { parse as parseToml } from "smol-toml";
import * as fs from "node:fs";
import * as path from "node:path";

/** The levels a rule takes in `copydesk.toml`. */
export const LEVELS = ["off", "error", "warning", "info", "hint"] as const;
export type Level = (typeof LEVELS)[number];

/** The rules `copydesk rules` lists. */
export const RULES = [
  "unbalanced-quote",
  "quote-style",
  "unattributed-claim",
  "vague-attribution",
  "attribution-verb",
  "loaded-term",
  "house-style",
  "relative-time",
  "unused-suppression",
] as const;

/** The extension's settings (`copydesk.*`), as plain data. */
export interface Settings {
  /** `copydesk.path`: the binary, `copydesk` from the PATH by default. */
  path?: string;
  /** `copydesk.configFile`: a TOML file in the shape of `copydesk.toml`. */
  configFile?: string;
  /** `copydesk.rules`: rule id to level. */
  rules?: Record<string, string>;
  /** `copydesk.debounceMs`. */
  debounceMs?: number;
}

export type Table = { [key: string]: unknown };

export interface Built {
  /** What goes in `initializationOptions` and `workspace/didChangeConfiguration`. */
  options: Table;
  /** Settings that were left out, and why: shown to the user, never sent. */
  warnings: string[];
}

function isTable(value: unknown): value is Table {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep-merge `over` onto `under`, as the server merges the project file over the editor. */
export function merge(under: Table, over: Table): Table {
  const out: Table = { ...under };
  for (const [key, value] of Object.entries(over)) {
    const below = out[key];
    out[key] = isTable(below) && isTable(value) ? merge(below, value) : value;
  }
  return out;
}

/** The command line that starts the server. */
export function serverCommand(settings: Settings): { command: string; args: string[] } {
  const command = settings.path && settings.path.trim() !== "" ? settings.path.trim() : "copydesk";
  return { command, args: ["lsp"] };
}

/**
 * The initialization options for `settings`. `workspaceFolder` anchors a relative
 * `configFile`; `readFile` is injectable for tests.
 *
 * Precedence, lowest first: `configFile`, then `rules`; the server then puts the project's
 * own `copydesk.toml` over all of it.
 */
export function buildInitializationOptions(
  settings: Settings,
  workspaceFolder?: string,
  readFile: (file: string) => string = (file) => fs.readFileSync(file, "utf8"),
): Built {
  const warnings: string[] = [];
  let options: Table = {};

  const configFile = settings.configFile?.trim();
  if (configFile) {
    const file =
      path.isAbsolute(configFile) || !workspaceFolder
        ? configFile
        : path.join(workspaceFolder, configFile);
    try {
      options = parseToml(readFile(file)) as Table;
    } catch (error) {
      const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
      warnings.push(`copydesk.configFile ${file} is not used: ${reason}`);
    }
  }

  const rules: Table = {};
  for (const [rule, level] of Object.entries(settings.rules ?? {})) {
    if (!(RULES as readonly string[]).includes(rule)) {
      warnings.push(`copydesk.rules: unknown rule "${rule}"; the rules are ${RULES.join(", ")}`);
    } else if (!(LEVELS as readonly string[]).includes(level)) {
      warnings.push(`copydesk.rules: "${rule}" has level "${level}"; use ${LEVELS.join(", ")}`);
    } else {
      rules[rule] = level;
    }
  }
  if (Object.keys(rules).length > 0) {
    options = merge(options, { rules });
  }

  if (typeof settings.debounceMs === "number" && Number.isFinite(settings.debounceMs)) {
    options.debounceMs = Math.max(0, Math.min(10_000, Math.round(settings.debounceMs)));
  }
  return { options, warnings };
}
