'use strict';
// Finding and probing the hierc binary that runs `hierc lsp`. No VS Code API
// here, so that the tests run it under plain Node.

const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** The setting's default: `hierc`, looked up on PATH. */
const DEFAULT_COMMAND = 'hierc';

function isExecutableFile(file, platform) {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return false;
    if (platform === 'win32') return true;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves the `hier.server.path` setting to the file to run, or null when
 * there is none.
 *
 * - empty: the default, `hierc`;
 * - `~` or `~/...`: under the home folder;
 * - with a path separator (`./target/debug/hierc`, `/usr/local/bin/hierc`):
 *   a file, relative to the workspace folder when relative;
 * - a bare name: looked up in PATH (with PATHEXT on Windows), as a shell does.
 *
 * @param {string | undefined} setting
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, platform?: string, home?: string }} [options]
 * @returns {string | null}
 */
function resolveCommand(setting, options = {}) {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const home = options.home ?? os.homedir();
  const cwd = options.cwd ?? process.cwd();
  const p = platform === 'win32' ? path.win32 : path.posix;

  let name = (setting ?? '').trim() || DEFAULT_COMMAND;
  if (name === '~' || name.startsWith('~/') || name.startsWith('~\\')) {
    name = p.join(home, name.slice(1));
  }
  const exts =
    platform === 'win32'
      ? ['', ...(env.PATHEXT || '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)]
      : [''];
  const candidates = (base) => exts.map((ext) => base + ext);

  const hasSeparator = name.includes('/') || (platform === 'win32' && name.includes('\\'));
  if (hasSeparator || p.isAbsolute(name)) {
    const file = p.resolve(cwd, name);
    return candidates(file).find((f) => isExecutableFile(f, platform)) ?? null;
  }
  const dirs = (env.PATH ?? env.Path ?? '').split(p.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const found = candidates(p.join(dir, name)).find((f) => isExecutableFile(f, platform));
    if (found) return found;
  }
  return null;
}

/** The arguments that start the server: `lsp`, then the user's extra ones. */
function serverArgs(extra) {
  return ['lsp', ...(Array.isArray(extra) ? extra.map(String) : [])];
}

/**
 * Asks the binary whether it has the `lsp` command (`hierc lsp --help`), so
 * that an old hierc gets a clear message instead of a server that dies.
 *
 * @param {string} command the resolved binary
 * @returns {Promise<{ ok: true } | { ok: false, reason: 'no-lsp' | 'failed', detail: string }>}
 */
function probe(command, timeoutMs = 10000) {
  return new Promise((resolve) => {
    execFile(command, ['lsp', '--help'], { timeout: timeoutMs, windowsHide: true }, (error, _stdout, stderr) => {
      if (!error) {
        resolve({ ok: true });
      } else if (typeof error.code === 'number') {
        // It ran and refused: clap says "unrecognized subcommand 'lsp'".
        resolve({ ok: false, reason: 'no-lsp', detail: String(stderr).trim() });
      } else {
        resolve({ ok: false, reason: 'failed', detail: error.message });
      }
    });
  });
}

/**
 * What to tell the user when the server cannot start.
 *
 * @param {{ reason: 'not-found' | 'no-lsp' | 'failed', detail?: string }} problem
 * @param {string} setting the value of hier.server.path
 * @param {string} [command] the resolved binary, when there is one
 */
function problemMessage(problem, setting, command) {
  const shown = (setting ?? '').trim() || DEFAULT_COMMAND;
  switch (problem.reason) {
    case 'not-found':
      return (
        `hierc was not found (hier.server.path is "${shown}"). ` +
        'Highlighting works without it; diagnostics, completion, hover and formatting need `hierc lsp`. ' +
        'Install hierc, or set hier.server.path to the binary.'
      );
    case 'no-lsp':
      return (
        `${command} has no \`lsp\` command: it is an older hierc. ` +
        'Highlighting works without it; update hierc for diagnostics, completion and the rest.' +
        (problem.detail ? ` (${firstLine(problem.detail)})` : '')
      );
    default:
      return `hierc lsp could not be started from ${command ?? shown}: ${problem.detail ?? 'unknown error'}`;
  }
}

function firstLine(text) {
  return text.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? '';
}

module.exports = { DEFAULT_COMMAND, resolveCommand, serverArgs, probe, problemMessage };
