'use strict';
// The grammar on every hier text the project has: the examples, the test
// fixtures, and the ```hier blocks of the README and docs/. Every character
// that is not a space gets a scope of its own (nothing is left as bare
// source.hier or inside a meta.* region only), and text that parses (the examples, the ok fixtures, the
// error fixtures past syntax) has no token marked invalid.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { tokenize } = require('./support/tokenize');

const ROOT = path.resolve(__dirname, '..', '..', '..');

function hierFiles(dir) {
  return fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => f.endsWith('.hier'))
    .sort()
    .map((f) => path.join(dir, f));
}

function markdownFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...markdownFiles(rel));
    else if (entry.name.endsWith('.md')) out.push(rel);
  }
  return out.sort();
}

/** The ```hier blocks of a Markdown file, with the line each starts on. */
function hierBlocks(file) {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const blocks = [];
  const re = /^```hier\r?\n([\s\S]*?)^```/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const line = text.slice(0, m.index).split('\n').length + 1;
    blocks.push({ name: `${file}:${line}`, text: m[1] });
  }
  return blocks;
}

/**
 * Characters whose innermost scope is only source.hier or a meta.* region
 * (which themes do not colour), as `line:col "text"`.
 */
async function unscoped(text) {
  const bad = [];
  (await tokenize(text)).forEach((tokens, i) => {
    for (const t of tokens) {
      const innermost = t.scopes.at(-1);
      if ((innermost === 'source.hier' || innermost.startsWith('meta.')) && t.text.trim() !== '') {
        bad.push(`${i + 1}:${t.start + 1} ${JSON.stringify(t.text)}`);
      }
    }
  });
  return bad;
}

async function invalid(text) {
  const bad = [];
  (await tokenize(text)).forEach((tokens, i) => {
    for (const t of tokens) {
      if (t.scopes.some((s) => s.startsWith('invalid.'))) {
        bad.push(`${i + 1}:${t.start + 1} ${JSON.stringify(t.text)} ${t.scopes.at(-1)}`);
      }
    }
  });
  return bad;
}

const parses = [
  ...hierFiles('examples'),
  ...hierFiles('tests/fixtures/ok'),
  ...hierFiles('tests/fixtures/err').filter((f) => !/[/\\]E00\d_/.test(f)),
].map((file) => ({ name: file, text: fs.readFileSync(path.join(ROOT, file), 'utf8') }));

const syntaxErrors = hierFiles('tests/fixtures/err')
  .filter((f) => /[/\\]E001_/.test(f))
  .map((file) => ({ name: file, text: fs.readFileSync(path.join(ROOT, file), 'utf8') }));

const docBlocks = ['README.md', ...markdownFiles('docs')].flatMap(hierBlocks);

test('the corpus is all there', () => {
  assert.ok(hierFiles('examples').length >= 5, 'examples/*.hier');
  assert.ok(parses.length >= 40, `only ${parses.length} parsing files`);
  assert.ok(syntaxErrors.length >= 5, 'E001 fixtures');
  assert.ok(docBlocks.length >= 40, `only ${docBlocks.length} hier blocks in the docs`);
});

for (const { name, text } of [...parses, ...syntaxErrors, ...docBlocks]) {
  test(`every character has a scope: ${name}`, async () => {
    assert.deepEqual(await unscoped(text), [], `${name}: characters with no scope`);
  });
}

for (const { name, text } of parses) {
  test(`nothing marked invalid: ${name}`, async () => {
    assert.deepEqual(await invalid(text), [], `${name}: tokens marked invalid in text that parses`);
  });
}

test('syntax errors do show: a stray token is marked invalid', async () => {
  assert.ok((await invalid('Case > EmailMessage <binary>\n}\n')).length === 1);
  assert.deepEqual(await invalid('Case > EmailMessage <binary>\n'), []);
});
