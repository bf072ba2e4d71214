// Starts `cnnshape lsp` (over stdio) for YAML specs; everything else is the server's.
"use strict";
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("cnnshape");
  const [command, ...args] = config.get("command", ["cnnshape", "lsp"]);
  const serverOptions = { command, args, transport: TransportKind.stdio };
  const clientOptions = {
    documentSelector: [{ scheme: "file", language: "yaml", pattern: config.get("files") }],
  };
  client = new LanguageClient("cnnshape", "cnnshape", serverOptions, clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
