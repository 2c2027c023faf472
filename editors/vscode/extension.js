// Starts `jxlint server` for plain-text, CSV and TSV tables; the server does the rest
// (diagnostics, hover, the waiver code action).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("jxlint");
  const server = { command: config.get("path") || "jxlint", args: ["server"] };
  client = new LanguageClient(
    "jxlint",
    "jxlint",
    { run: server, debug: server },
    {
      documentSelector: [
        { scheme: "file", language: "plaintext" },
        { scheme: "file", pattern: "**/*.{txt,tsv,csv}" },
      ],
      initializationOptions: { lang: config.get("lang") },
    }
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
