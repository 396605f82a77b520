'use strict';
// The extension's manifest agrees with its files and with the language.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const DIR = path.resolve(__dirname, '..');
const manifest = require('../package.json');
const readJson = (rel) => JSON.parse(fs.readFileSync(path.join(DIR, rel), 'utf8'));

test('the language: id hier, files .hier, its configuration', () => {
  const [language] = manifest.contributes.languages;
  assert.equal(language.id, 'hier');
  assert.deepEqual(language.extensions, ['.hier']);
  const config = readJson(language.configuration);
  assert.equal(config.comments.lineComment, '#');
  assert.deepEqual(config.brackets, [['{', '}'], ['<', '>']]);
  const pairs = config.autoClosingPairs.map((p) => p.open + p.close);
  assert.deepEqual(pairs.sort(), ['""', '<>', '{}']);
  assert.ok(new RegExp(config.wordPattern).test('@RecordUrl'));
  assert.equal('Account__r.Name'.match(new RegExp(config.wordPattern, 'g')).join(' '), 'Account__r Name');
});

test('the grammar: source.hier, for language hier, edges are not brackets', () => {
  const [grammar] = manifest.contributes.grammars;
  assert.equal(grammar.language, 'hier');
  const tm = readJson(grammar.path);
  assert.equal(tm.scopeName, grammar.scopeName);
  assert.equal(tm.scopeName, 'source.hier');
  assert.deepEqual(tm.fileTypes, ['hier']);
  // `Case > Attachment` and `ref OwnerId -> User`: a `>` that closes no `<`.
  assert.deepEqual(grammar.unbalancedBracketScopes.sort(), ['keyword.operator.arrow.hier', 'keyword.operator.edge.hier']);
  for (const rule of Object.values(tm.repository)) {
    for (const key of ['match', 'begin', 'end']) {
      if (rule[key]) assert.doesNotThrow(() => new RegExp(rule[key].replace(/\(\?<[=!]/g, '(?:')), rule[key]);
    }
  }
});

test('the settings: hier.server.path defaults to hierc; workspaces cannot set the binary when untrusted', () => {
  const props = manifest.contributes.configuration.properties;
  assert.equal(props['hier.server.path'].default, 'hierc');
  assert.equal(props['hier.server.path'].type, 'string');
  assert.deepEqual(props['hier.server.args'].default, []);
  assert.equal(props['hier.server.args'].items.type, 'string');
  assert.equal(props['hier.server.enable'].default, true);
  assert.deepEqual(props['hier.trace.server'].enum, ['off', 'messages', 'verbose']);
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.sort(), [
    'hier.server.args',
    'hier.server.path',
  ]);
});

test('the client runs under the VS Code the language client needs', () => {
  const lc = readJson('node_modules/vscode-languageclient/package.json');
  assert.equal(manifest.engines.vscode, lc.engines.vscode);
  assert.ok(fs.existsSync(path.join(DIR, manifest.main)));
  assert.deepEqual(manifest.activationEvents, ['onLanguage:hier']);
});
