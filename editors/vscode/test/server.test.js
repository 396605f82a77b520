'use strict';
// Finding the hierc binary (hier.server.path) and probing it for `lsp`.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { resolveCommand, serverArgs, probe, problemMessage } = require('../src/server');

function scratch(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hier-vscode-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function script(file, body, mode = 0o755) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode });
  return file;
}

const posix = process.platform !== 'win32';

test('a bare name is looked up in PATH, in order, skipping files that cannot run', { skip: !posix }, (t) => {
  const dir = scratch(t);
  script(path.join(dir, 'a', 'hierc'), 'exit 0', 0o644);
  const b = script(path.join(dir, 'b', 'hierc'), 'exit 0');
  script(path.join(dir, 'c', 'hierc'), 'exit 0');
  fs.mkdirSync(path.join(dir, 'd', 'hierc'), { recursive: true });
  const env = { PATH: ['d', 'a', 'b', 'c'].map((d) => path.join(dir, d)).join(path.delimiter) };
  assert.equal(resolveCommand('hierc', { env }), b);
  assert.equal(resolveCommand('', { env }), b, 'empty means the default, hierc');
  assert.equal(resolveCommand(undefined, { env }), b);
  assert.equal(resolveCommand('hierc-other', { env }), null);
  assert.equal(resolveCommand('hierc', { env: { PATH: '' } }), null);
});

test('a path is taken as it is, relative to the workspace folder', { skip: !posix }, (t) => {
  const dir = scratch(t);
  const built = script(path.join(dir, 'target', 'debug', 'hierc'), 'exit 0');
  const env = { PATH: '' };
  assert.equal(resolveCommand('./target/debug/hierc', { env, cwd: dir }), built);
  assert.equal(resolveCommand('target/debug/hierc', { env, cwd: dir }), built);
  assert.equal(resolveCommand(built, { env, cwd: '/' }), built);
  assert.equal(resolveCommand('  ./target/debug/hierc  ', { env, cwd: dir }), built, 'spaces around are trimmed');
  assert.equal(resolveCommand('./target/release/hierc', { env, cwd: dir }), null);
  assert.equal(resolveCommand('./target', { env, cwd: dir }), null, 'a folder is not a binary');
});

test('~ stands for the home folder', { skip: !posix }, (t) => {
  const home = scratch(t);
  const bin = script(path.join(home, '.cargo', 'bin', 'hierc'), 'exit 0');
  assert.equal(resolveCommand('~/.cargo/bin/hierc', { env: {}, home }), bin);
  assert.equal(resolveCommand('~/.cargo/bin/nothing', { env: {}, home }), null);
});

test('on Windows, PATHEXT completes the name', { skip: process.platform !== 'win32' }, (t) => {
  const dir = scratch(t);
  fs.writeFileSync(path.join(dir, 'hierc.exe'), '');
  const env = { PATH: dir, PATHEXT: '.COM;.EXE' };
  assert.equal(resolveCommand('hierc', { env, platform: 'win32' }), path.win32.join(dir, 'hierc.exe'));
  assert.equal(resolveCommand('hierc', { env: { PATH: dir, PATHEXT: '.BAT' }, platform: 'win32' }), null);
});

test('the server runs as `hierc lsp`, then the extra arguments', () => {
  assert.deepEqual(serverArgs([]), ['lsp']);
  assert.deepEqual(serverArgs(undefined), ['lsp']);
  assert.deepEqual(serverArgs(['--schemas', 'salesforce/schemas']), ['lsp', '--schemas', 'salesforce/schemas']);
  assert.deepEqual(serverArgs('--verbose'), ['lsp'], 'a string is not a list of arguments');
});

test('probe: a hierc with `lsp`, an old one without, one that cannot run', { skip: !posix }, async (t) => {
  const dir = scratch(t);
  const args = path.join(dir, 'args');
  const good = script(path.join(dir, 'good'), `echo "$@" > "${args}"; echo "Usage: hierc lsp"; exit 0`);
  assert.deepEqual(await probe(good), { ok: true });
  assert.equal(fs.readFileSync(args, 'utf8').trim(), 'lsp --help', 'the probe asks `hierc lsp --help`');

  const old = script(path.join(dir, 'old'), `echo "error: unrecognized subcommand 'lsp'" >&2; echo "Usage: hierc <COMMAND>" >&2; exit 2`);
  const refused = await probe(old);
  assert.equal(refused.ok, false);
  assert.equal(refused.reason, 'no-lsp');
  assert.match(refused.detail, /unrecognized subcommand 'lsp'/);

  const broken = script(path.join(dir, 'broken'), 'exit 0', 0o644);
  const failed = await probe(broken);
  assert.equal(failed.ok, false);
  assert.equal(failed.reason, 'failed');

  const slow = script(path.join(dir, 'slow'), 'sleep 5');
  const timedOut = await probe(slow, 200);
  assert.equal(timedOut.reason, 'failed', 'a probe that hangs is stopped');
});

test('the messages say what is wrong and what still works', () => {
  const notFound = problemMessage({ reason: 'not-found' }, 'hierc');
  assert.match(notFound, /hierc was not found/);
  assert.match(notFound, /hier\.server\.path is "hierc"/);
  assert.match(notFound, /Highlighting works/);
  assert.match(problemMessage({ reason: 'not-found' }, ''), /hier\.server\.path is "hierc"/);
  assert.match(problemMessage({ reason: 'not-found' }, './bin/hierc'), /"\.\/bin\/hierc"/);

  const old = problemMessage(
    { reason: 'no-lsp', detail: "\nerror: unrecognized subcommand 'lsp'\n\nUsage: hierc <COMMAND>" },
    'hierc',
    '/usr/bin/hierc',
  );
  assert.match(old, /^\/usr\/bin\/hierc has no `lsp` command/);
  assert.match(old, /\(error: unrecognized subcommand 'lsp'\)$/, 'the first line of what it said');

  assert.match(problemMessage({ reason: 'failed', detail: 'spawn EACCES' }, 'hierc', '/x/hierc'), /from \/x\/hierc: spawn EACCES/);
});
