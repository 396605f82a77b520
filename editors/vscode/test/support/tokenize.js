'use strict';
// Tokenizes hier text with the extension's grammar, through the same
// vscode-textmate and Oniguruma (WebAssembly) that VS Code uses.
//
//   node test/support/tokenize.js FILE...   prints each token with its scopes

const fs = require('node:fs');
const path = require('node:path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const GRAMMAR = path.join(__dirname, '..', '..', 'syntaxes', 'hier.tmLanguage.json');

let registryPromise;
function grammar() {
  if (!registryPromise) {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    const onigLib = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).then(() => ({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }));
    const registry = new vsctm.Registry({
      onigLib,
      loadGrammar: async (scopeName) =>
        scopeName === 'source.hier'
          ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR)
          : null,
    });
    registryPromise = registry.loadGrammar('source.hier');
  }
  return registryPromise;
}

/**
 * @param {string} text
 * @returns {Promise<Array<Array<{ start: number, end: number, text: string, scopes: string[] }>>>} tokens per line
 */
async function tokenize(text) {
  const g = await grammar();
  let state = vsctm.INITIAL;
  const lines = text.split(/\r\n|\r|\n/);
  return lines.map((line) => {
    const result = g.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({
      start: t.startIndex,
      end: Math.min(t.endIndex, line.length),
      text: line.slice(t.startIndex, t.endIndex),
      scopes: t.scopes,
    }));
  });
}

module.exports = { tokenize, GRAMMAR };

if (require.main === module) {
  (async () => {
    for (const file of process.argv.slice(2)) {
      const text = fs.readFileSync(file, 'utf8');
      const lines = await tokenize(text);
      lines.forEach((tokens, i) => {
        for (const t of tokens) {
          if (t.text.trim() === '') continue;
          console.log(`${i + 1}:${t.start}-${t.end} ${JSON.stringify(t.text)} ${t.scopes.slice(1).join(' ')}`);
        }
      });
    }
  })();
}
