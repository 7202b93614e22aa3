"""The language server on the bundled guideline (a copy): what an editor of the real rule set
sees — a clean open, an error and its fix in the largest file, names across 200+ files."""
import shutil
import time

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import BINARY, ROOT, make_client
from helpers import Documents, position_of

pytestmark = pytest.mark.asyncio


@pytest.fixture
def guideline(tmp_path):
    target = tmp_path / "Guidelines"
    shutil.copytree(ROOT / "Guidelines", target)
    return target


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BINARY, "lsp"], client_factory=make_client))
async def real(lsp_client: LanguageClient, request):
    root = request.getfixturevalue("guideline")
    lsp_client.root = root
    await lsp_client.initialize_session(types.InitializeParams(capabilities=client_capabilities("visual-studio-code"), root_uri=root.as_uri()))
    yield
    await lsp_client.shutdown_session()


def largest(root):
    return max(root.rglob("*.nenrule"), key=lambda path: path.stat().st_size).relative_to(root)


async def test_an_edit_in_the_largest_file(real):
    docs = Documents(real, real.root)
    name = str(largest(real.root))
    diagnostics = await docs.open(name)
    # The bundled guideline lints clean: only notes (editorial readings) remain.
    assert not [d for d in diagnostics if d.severity in (types.DiagnosticSeverity.Error, types.DiagnosticSeverity.Warning)]
    uri = docs.uri(name)
    text = docs.texts[uri]
    at = position_of(text, "cite \"")
    started = time.time()
    broken = await docs.edit(uri, at, types.Position(line=at.line, character=at.character + 4), "cyte")
    assert [d for d in broken if d.severity == types.DiagnosticSeverity.Error]
    fixed = await docs.edit(uri, at, types.Position(line=at.line, character=at.character + 4), "cite")
    assert not [d for d in fixed if d.severity == types.DiagnosticSeverity.Error]
    assert time.time() - started < 60


async def test_names_across_the_rule_set(real):
    docs = Documents(real, real.root)
    await docs.open("common/facts.nenrule")
    uri = docs.uri("common/facts.nenrule")
    position = position_of(docs.texts[uri], "fact tumor_size", offset=5)
    hover = await real.text_document_hover_async(types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=position))
    assert "**fact** `tumor_size`" in hover.contents.value and "read by" in hover.contents.value
    refs = await real.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=uri), position=position, context=types.ReferenceContext(include_declaration=True)))
    assert len({r.uri for r in refs}) > 10
    symbols = await real.workspace_symbol_async(types.WorkspaceSymbolParams(query="rectal_net"))
    assert "rectal_net.management" in {s.name for s in symbols}
