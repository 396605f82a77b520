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


async def test_unknown_requests_are_method_not_found(client: LanguageClient):
    with pytest.raises(Exception, match="not a method hierc lsp knows"):
        await client.protocol.send_request_async("hierc/unknown", {})
