'use strict';
// The client's glue, with VS Code and the language client replaced by
// recording fakes (the real ones only run inside VS Code): which binary it
// starts, with which arguments and documents, and what it says when it can't.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const Module = require('node:module');

const manifest = require('../package.json');

function fakeVscode(settings, folder) {
  const calls = { warnings: [], errors: [], commands: new Map(), watchers: [], configListeners: [], lines: [] };
  const vscode = {
    calls,
    workspace: {
      workspaceFolders: folder ? [{ uri: { fsPath: folder } }] : undefined,
      getConfiguration(section) {
        assert.equal(section, 'hier');
        return { get: (key, fallback) => (key in settings ? settings[key] : fallback) };
      },
      onDidChangeConfiguration(listener) {
        calls.configListeners.push(listener);
        return { dispose() {} };
      },
      createFileSystemWatcher(glob) {
        const watcher = { glob, dispose() {} };
        calls.watchers.push(watcher);
        return watcher;
      },
    },
    window: {
      createOutputChannel: (name) => ({ name, appendLine: (l) => calls.lines.push(l), show() {}, dispose() {} }),
      showWarningMessage: async (message, ...items) => {
        calls.warnings.push({ message, items });
        return undefined;
      },
      showErrorMessage: async (message, ...items) => {
        calls.errors.push({ message, items });
        return undefined;
      },
    },
    commands: {
      registerCommand(id, fn) {
        calls.commands.set(id, fn);
        return { dispose() {} };
      },
      executeCommand: async () => undefined,
    },
  };
  return vscode;
}

function fakeClientModule(startResult = () => Promise.resolve()) {
  const clients = [];
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, started: false, disposed: false });
      clients.push(this);
    }
    async start() {
      await startResult();
      this.started = true;
    }
    async dispose() {
      this.disposed = true;
    }
  }
  return { clients, module: { LanguageClient, RevealOutputChannelOn: { Never: 4 } } };
}

/** Loads src/extension.js afresh against the fakes. */
function loadExtension(vscode, client) {
  const original = Module._load;
  Module._load = function (request, ...rest) {
    if (request === 'vscode') return vscode;
    if (request === 'vscode-languageclient/node') return client.module;
    return original.call(this, request, ...rest);
  };
  try {
    delete require.cache[require.resolve('../src/extension')];
    return require('../src/extension');
  } finally {
    Module._load = original;
  }
}

function context() {
  return { subscriptions: [] };
}

function workspace(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hier-vscode-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function hierc(dir, body) {
  const file = path.join(dir, 'bin', 'hierc');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}

const posix = { skip: process.platform === 'win32' };
const GOOD = 'if [ "$1 $2" = "lsp --help" ]; then echo "Usage: hierc lsp"; exit 0; fi; exit 3';

test('without hierc: highlighting only, and a warning that says so', async (t) => {
  const dir = workspace(t);
  const vscode = fakeVscode({ 'server.path': './bin/hierc' }, dir);
  const client = fakeClientModule();
  const ext = loadExtension(vscode, client);
  await ext.activate(context());
  assert.equal(client.clients.length, 0, 'no server started');
  assert.equal(vscode.calls.warnings.length, 1);
  assert.match(vscode.calls.warnings[0].message, /hierc was not found \(hier\.server\.path is "\.\/bin\/hierc"\)/);
  assert.deepEqual(vscode.calls.warnings[0].items, ['Open Settings', 'Show Output']);
  assert.ok(vscode.calls.lines.some((l) => l.includes('hierc was not found')), 'logged too');
  await ext.deactivate();
});

test('every command in package.json is registered', async () => {
  const vscode = fakeVscode({ 'server.enable': false });
  const ext = loadExtension(vscode, fakeClientModule());
  await ext.activate(context());
  const declared = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual([...vscode.calls.commands.keys()].sort(), declared);
});

test('with hierc: `hierc lsp` over stdio for hier documents', posix, async (t) => {
  const dir = workspace(t);
  const bin = hierc(dir, GOOD);
  const vscode = fakeVscode({ 'server.path': './bin/hierc', 'server.args': ['--log', 'debug'] }, dir);
  const client = fakeClientModule();
  const ext = loadExtension(vscode, client);
  await ext.activate(context());

  assert.deepEqual(vscode.calls.warnings, []);
  assert.deepEqual(vscode.calls.errors, []);
  assert.equal(client.clients.length, 1);
  const [c] = client.clients;
  assert.equal(c.id, 'hier', 'the id that hier.trace.server is read under');
  // An Executable without a transport: the client speaks over stdin/stdout.
  assert.deepEqual(c.serverOptions, { command: bin, args: ['lsp', '--log', 'debug'], options: { cwd: dir } });
  assert.deepEqual(c.clientOptions.documentSelector, [
    { scheme: 'file', language: 'hier' },
    { scheme: 'untitled', language: 'hier' },
  ]);
  assert.equal(c.clientOptions.synchronize.fileEvents.glob, '**/{hierc.toml,*.schema.json}');
  assert.ok(c.started);

  await ext.deactivate();
  assert.ok(c.disposed, 'deactivate stops the server');
});

test('a hierc without `lsp`: a warning naming it, no server', posix, async (t) => {
  const dir = workspace(t);
  const bin = hierc(dir, `echo "error: unrecognized subcommand '$1'" >&2; exit 2`);
  const vscode = fakeVscode({ 'server.path': bin }, dir);
  const client = fakeClientModule();
  await loadExtension(vscode, client).activate(context());
  assert.equal(client.clients.length, 0);
  assert.equal(vscode.calls.warnings.length, 1);
  assert.match(vscode.calls.warnings[0].message, new RegExp(`^${bin} has no \`lsp\` command.*unrecognized subcommand 'lsp'`));
});

test('a server that fails to start: an error, and the client is let go', posix, async (t) => {
  const dir = workspace(t);
  hierc(dir, GOOD);
  const vscode = fakeVscode({ 'server.path': './bin/hierc' }, dir);
  const client = fakeClientModule(() => Promise.reject(new Error('Connection to server got closed.')));
  await loadExtension(vscode, client).activate(context());
  assert.equal(client.clients.length, 1);
  assert.ok(client.clients[0].disposed);
  assert.equal(vscode.calls.errors.length, 1);
  assert.match(vscode.calls.errors[0].message, /hierc lsp could not be started from .*: Connection to server got closed\./);
});

test('hier.server.enable off: highlighting only, no message', posix, async (t) => {
  const dir = workspace(t);
  hierc(dir, GOOD);
  const vscode = fakeVscode({ 'server.path': './bin/hierc', 'server.enable': false }, dir);
  const client = fakeClientModule();
  await loadExtension(vscode, client).activate(context());
  assert.equal(client.clients.length, 0);
  assert.deepEqual(vscode.calls.warnings, []);
});

test('a change to hier.server restarts the server; other settings do not', posix, async (t) => {
  const dir = workspace(t);
  hierc(dir, GOOD);
  const settings = { 'server.path': './bin/hierc' };
  const vscode = fakeVscode(settings, dir);
  const client = fakeClientModule();
  await loadExtension(vscode, client).activate(context());
  assert.equal(client.clients.length, 1);

  const [listener] = vscode.calls.configListeners;
  await listener({ affectsConfiguration: (s) => s === 'editor' });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(client.clients.length, 1, 'an unrelated setting changes nothing');

  settings['server.args'] = ['--verbose'];
  await listener({ affectsConfiguration: (s) => s === 'hier.server' || s === 'hier' });
  for (let i = 0; i < 100 && client.clients.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(client.clients.length, 2);
  assert.ok(client.clients[0].disposed, 'the old server is stopped');
  assert.deepEqual(client.clients[1].serverOptions.args, ['lsp', '--verbose']);

  await vscode.calls.commands.get('hier.restartServer')();
  assert.equal(client.clients.length, 3, 'the restart command starts a new one');
  assert.ok(client.clients[1].disposed);
});
