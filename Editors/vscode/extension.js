// VS Code client for the nenrule language server (`nenrule lsp`, LSP 3.17 over stdio).
// Plain JavaScript: no build step.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.FileSystemWatcher[]} */
let watchers = [];

function serverOptions() {
  const config = vscode.workspace.getConfiguration('nenrule');
  const command = config.get('server.path') || 'nenrule';
  const extra = config.get('server.extraArguments') || [];
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const executable = {
    command,
    args: ['lsp', ...extra.map(String)],
    transport: TransportKind.stdio,
    options: folder ? { cwd: folder.uri.fsPath } : {},
  };
  return { run: executable, debug: executable };
}

async function startClient(context) {
  const clientOptions = {
    documentSelector: [{ scheme: 'file', language: 'nenrule' }],
    synchronize: {
      // Rule files and patient records (JSON) changed on disk, outside the editor.
      fileEvents: watchers,
    },
  };
  // The client reads `nenrule.trace.server` itself (the id below is the settings prefix).
  client = new LanguageClient('nenrule', 'nenrule language server', serverOptions(), clientOptions);
  try {
    await client.start();
  } catch (err) {
    const path = vscode.workspace.getConfiguration('nenrule').get('server.path') || 'nenrule';
    vscode.window.showErrorMessage(
      `Could not start the nenrule language server (\`${path} lsp\`): ${err && err.message ? err.message : err}. ` +
        'Set "nenrule.server.path" to the nenrule executable.'
    );
  }
}

async function stopClient() {
  if (!client) {
    return;
  }
  const running = client;
  client = undefined;
  try {
    await running.stop();
  } catch (_) {
    // The server may already be gone.
  }
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  watchers = [
    vscode.workspace.createFileSystemWatcher('**/*.nenrule'),
    vscode.workspace.createFileSystemWatcher('**/*.json'),
  ];
  context.subscriptions.push(...watchers);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (
        event.affectsConfiguration('nenrule.server.path') ||
        event.affectsConfiguration('nenrule.server.extraArguments')
      ) {
        await stopClient();
        await startClient(context);
      }
    })
  );
  await startClient(context);
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate };
