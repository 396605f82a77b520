'use strict';
// The VS Code client of `hierc lsp`. Highlighting comes from the TextMate
// grammar alone; this starts the language server when hierc is there, and
// says plainly when it is not.

const vscode = require('vscode');
const { LanguageClient, RevealOutputChannelOn } = require('vscode-languageclient/node');
const { resolveCommand, serverArgs, probe, problemMessage } = require('./server');

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let output;

function workspaceFolder() {
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length > 0 ? folders[0].uri.fsPath : undefined;
}

function log(line) {
  output?.appendLine(`[${new Date().toISOString()}] ${line}`);
}

// Not awaited by callers: the message waits for the user, activation does not.
async function tell(message, isError) {
  log(message);
  const show = isError ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  const choice = await show(message, 'Open Settings', 'Show Output');
  if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'hier.server');
  } else if (choice === 'Show Output') {
    output?.show(true);
  }
}

async function start() {
  const config = vscode.workspace.getConfiguration('hier');
  if (!config.get('server.enable', true)) {
    log('hier.server.enable is off: highlighting only.');
    return;
  }
  const setting = config.get('server.path', 'hierc');
  const extra = config.get('server.args', []);
  const cwd = workspaceFolder();

  const command = resolveCommand(setting, { cwd });
  if (!command) {
    void tell(problemMessage({ reason: 'not-found' }, setting), false);
    return;
  }
  const probed = await probe(command);
  if (!probed.ok) {
    void tell(problemMessage(probed, setting, command), probed.reason !== 'no-lsp');
    return;
  }

  const args = serverArgs(extra);
  log(`starting ${command} ${args.join(' ')}`);
  /** @type {import('vscode-languageclient/node').ServerOptions} */
  const serverOptions = { command, args, options: cwd ? { cwd } : {} };
  /** @type {import('vscode-languageclient/node').LanguageClientOptions} */
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'hier' },
      { scheme: 'untitled', language: 'hier' },
    ],
    synchronize: {
      // A changed schema cache or project file re-checks the open documents.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{hierc.toml,*.schema.json}'),
    },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  const next = new LanguageClient('hier', 'Hier Language Server', serverOptions, clientOptions);
  try {
    await next.start();
    client = next;
  } catch (error) {
    void tell(problemMessage({ reason: 'failed', detail: String(error?.message ?? error) }, setting, command), true);
    await next.dispose().catch(() => undefined);
  }
}

async function stop() {
  const running = client;
  client = undefined;
  if (running) {
    await running.dispose().catch((error) => log(`stopping the server: ${error?.message ?? error}`));
  }
}

async function restart() {
  await stop();
  await start();
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  output = vscode.window.createOutputChannel('Hier Language Server');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('hier.restartServer', restart),
    vscode.commands.registerCommand('hier.showOutput', () => output?.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('hier.server')) {
        restart();
      }
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
