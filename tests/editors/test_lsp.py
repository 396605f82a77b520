"""End-to-end tests of `hierc lsp` through a real LSP client library,
pytest-lsp, with Visual Studio Code's client capabilities: every feature,
and completion at the cursor marker `|` of each file in
`tests/lsp/completion/`, compared with the items pinned in
`snapshots/lsp__completion_*.snap` (which the Rust tests keep).

Run by `cargo test --test lsp_clients` in the virtual environment that
`.ci/run` creates; `HIERC_BIN` is the binary, `HIERC_ROOT` the package.
"""

import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = pathlib.Path(os.environ["HIERC_ROOT"])
SCHEMAS = ROOT / "tests" / "fixtures" / "schemas"
DOCS = ROOT / "tests" / "lsp"


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[os.environ["HIERC_BIN"], "--schemas", str(SCHEMAS), "lsp"]
    ),
)
async def client(lsp_client: LanguageClient):
    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=ROOT.as_uri(),
    )
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def open_doc(client: LanguageClient, name: str, text: str) -> str:
    uri = (DOCS / name).as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="hier", version=1, text=text
            )
        )
    )
    return uri


def marked(text: str):
    """The text without its `|`, and the marker's position."""
    offset = text.index("|")
    before = text[:offset]
    line = before.count("\n")
    col = len(before[before.rfind("\n") + 1 :].encode("utf-16-le")) // 2
    return text.replace("|", "", 1), types.Position(line=line, character=col)


async def diagnostics(client: LanguageClient, uri: str, version: int):
    while True:
        params = await client.wait_for_notification(
            types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
        )
        if params.uri == uri and params.version == version:
            return params.diagnostics


async def test_diagnostics_as_you_type(client: LanguageClient):
    uri = open_doc(client, "py_typo.hier", "aggregation Case {\n    fields Subjet\n}\n")
    found = await diagnostics(client, uri, 1)
    assert [d.code for d in found] == ["E012"]
    assert found[0].range.start == types.Position(line=1, character=11)
    assert found[0].severity == types.DiagnosticSeverity.Error
    assert "did you mean `Subject`?" in found[0].message
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(
                        start=types.Position(line=1, character=16),
                        end=types.Position(line=1, character=16),
                    ),
                    text="c",
                )
            ],
        )
    )
    assert list(await diagnostics(client, uri, 2)) == []


async def test_completion_at_every_marker(client: LanguageClient):
    for path in sorted((DOCS / "completion").glob("*.hier")):
        text, pos = marked(path.read_text())
        uri = open_doc(client, f"py_{path.name}", text)
        result = await client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=pos
            )
        )
        items = result if isinstance(result, list) else (result.items if result else [])
        snap = (ROOT / "snapshots" / f"lsp__completion_{path.stem}.snap").read_text()
        pinned = snap.split("\n---\n", 2)[-1]
        count = int(pinned.split(" items")[0].strip().splitlines()[-1])
        assert len(items) == count, path.name
        for item in items[:15]:
            assert f"\n{item.label} [{item.detail}]" in "\n" + pinned, (path.name, item.label)
            assert item.text_edit.range.start.line == pos.line


async def test_completion_after_case_lists_its_children(client: LanguageClient):
    text, pos = marked("aggregation Case\nCase > |")
    uri = open_doc(client, "py_children.hier", text)
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
    )
    labels = [i.label for i in result]
    assert {"EmailMessage", "Attachment", "Case"} <= set(labels)


async def test_hover_definition_formatting_symbols(client: LanguageClient):
    text = "aggregation Case {\n  fields   Subject\n}\nCase > EmailMessage\n"
    uri = open_doc(client, "py_features.hier", text)
    doc = types.TextDocumentIdentifier(uri=uri)
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=doc, position=types.Position(line=1, character=12))
    )
    assert "`Case.Subject`: `string(255)`" in hover.contents.value
    found = await client.text_document_definition_async(
        types.DefinitionParams(text_document=doc, position=types.Position(line=1, character=12))
    )
    assert found.uri.endswith("tests/fixtures/schemas/Case.schema.json")
    line = (SCHEMAS / "Case.schema.json").read_text().splitlines()[found.range.start.line]
    assert line.strip() == '"name": "Subject",'
    edits = await client.text_document_formatting_async(
        types.DocumentFormattingParams(
            text_document=doc, options=types.FormattingOptions(tab_size=4, insert_spaces=True)
        )
    )
    assert edits[0].new_text == "aggregation Case {\n    fields Subject\n}\n\nCase > EmailMessage\n"
    symbols = await client.text_document_document_symbol_async(
        types.DocumentSymbolParams(text_document=doc)
    )
    assert [s.name for s in symbols] == ["Case", "Case > EmailMessage"]
    folds = await client.text_document_folding_range_async(
        types.FoldingRangeParams(text_document=doc)
    )
    assert [(f.start_line, f.end_line) for f in folds] == [(0, 2)]


def offset(text: str, pos: types.Position) -> int:
    """The index in `text` of an LSP position (columns in UTF-16 units)."""
    start = sum(len(line) for line in text.splitlines(keepends=True)[: pos.line])
    units = 0
    for i, ch in enumerate(text[start:]):
        if units >= pos.character or ch == "\n":
            return start + i
        units += len(ch.encode("utf-16-le")) // 2
    return len(text)


def applied(text: str, edits) -> str:
    """`text` with LSP text edits applied, as an editor applies them."""
    spans = sorted(
        (offset(text, e.range.start), offset(text, e.range.end), e.new_text) for e in edits
    )
    out, at = [], 0
    for start, end, new in spans:
        assert start >= at, "overlapping edits"
        out += [text[at:start], new]
        at = end
    return "".join(out + [text[at:]])


async def code_actions(client: LanguageClient, uri: str, rng: types.Range, only):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=rng,
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )


async def test_quick_fix_turns_subjet_into_subject(client: LanguageClient):
    text = "aggregation Case {\n    fields Subjet\n}\n"
    uri = open_doc(client, "py_quickfix.hier", text)
    [found] = await diagnostics(client, uri, 1)
    actions = await code_actions(
        client, uri, found.range, [types.CodeActionKind.QuickFix]
    )
    assert len(actions) == 1
    [fix] = actions
    assert fix.kind == types.CodeActionKind.QuickFix
    assert fix.is_preferred
    assert [d.code for d in fix.diagnostics] == ["E012"]
    assert fix.diagnostics[0].range == found.range
    fixed = applied(text, fix.edit.changes[uri])
    assert fixed == "aggregation Case {\n    fields Subject\n}\n"
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    assert list(await diagnostics(client, uri, 2)) == []


async def test_fix_all_applies_the_safe_fixes(client: LanguageClient):
    # E012 (`Subjet`) and W101 (`case`), and an unsafe fix (E042) left alone.
    text = "aggregation case <binary> {\n    fields Subjet\n}\n"
    uri = open_doc(client, "py_fixall.hier", text)
    found = await diagnostics(client, uri, 1)
    assert sorted(d.code for d in found) == ["E012", "E042", "W101"]
    start = types.Position(line=0, character=0)
    actions = await code_actions(
        client, uri, types.Range(start=start, end=start), [types.CodeActionKind.SourceFixAll]
    )
    [fix_all] = actions
    assert fix_all.kind == "source.fixAll.hierc"
    assert fix_all.title == "hierc: apply 2 safe fixes"
    fixed = applied(text, fix_all.edit.changes[uri])
    assert fixed == "aggregation Case <binary> {\n    fields Subject\n}\n"
    # Every action for the whole file: one quick fix per finding as well.
    end = types.Position(line=3, character=0)
    every = await code_actions(client, uri, types.Range(start=start, end=end), None)
    kinds = sorted(a.kind for a in every)
    assert kinds == ["quickfix", "quickfix", "quickfix", "source.fixAll.hierc"]
    unsafe = [a for a in every if a.title.endswith("(unsafe)")]
    assert [a.diagnostics[0].code for a in unsafe] == ["E042"]
    assert not unsafe[0].is_preferred


async def test_unknown_requests_are_method_not_found(client: LanguageClient):
    with pytest.raises(Exception, match="not a method hierc lsp knows"):
        await client.protocol.send_request_async("hierc/unknown", {})
