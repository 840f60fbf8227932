// Bundle the extension (vscode-languageclient and smol-toml inside, `vscode` left to the
// host), and compile the options module alone for the client-side test.
import * as esbuild from "esbuild";

const common = { platform: "node", target: "node18", format: "cjs", sourcemap: true, logLevel: "info" };

await esbuild.build({
  ...common,
  entryPoints: ["src/extension.ts"],
  bundle: true,
  external: ["vscode"],
  outfile: "dist/extension.js",
  minify: process.argv.includes("--minify"),
});

await esbuild.build({
  ...common,
  entryPoints: ["src/options.ts"],
  bundle: true,
  outfile: "dist/options.js",
});
