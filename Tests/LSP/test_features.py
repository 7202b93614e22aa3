"""Every feature of `nenrule lsp` through a real LSP client (pytest-lsp over lsprotocol)."""
import pytest
from lsprotocol import types

import subprocess

from conftest import BINARY
from helpers import Documents, apply_edits, codes, no_errors, position_of

pytestmark = pytest.mark.asyncio

ERROR = types.DiagnosticSeverity.Error
WARNING = types.DiagnosticSeverity.Warning


def doc_id(uri):
    return types.TextDocumentIdentifier(uri=uri)


async def test_initialize_announces_every_feature(client):
    # The fixture initialised the session; ask something trivial to prove it is up.
    result = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="rectal"))
    assert {s.name for s in result} >= {"rectal.literal", "rectal.nodes", "rectal.grade"}


async def test_diagnostics_on_open_then_an_error_and_its_fix(client):
    docs = Documents(client, client.root)
    diagnostics = await docs.open("rectal.nenrule")
    assert codes(diagnostics, WARNING) == ["gap", "gap", "missing-citation", "open-boundary"]
    boundary = next(d for d in diagnostics if d.code == "open-boundary")
    assert "witness" in boundary.message and "20 mm" in boundary.message
    assert boundary.related_information and "branch 1" in boundary.related_information[0].message

    uri = docs.uri("rectal.nenrule")
    at = position_of(docs.texts[uri], "tumor_size < 20 mm")
    end = types.Position(line=at.line, character=at.character + len("tumor_size"))
    broken = await docs.edit(uri, at, end, "tumor_sise")
    errors = [d for d in broken if d.severity == ERROR]
    assert [str(d.code) for d in errors] == ["unknown-fact"]
    assert "did you mean `tumor_size`?" in errors[0].message
    assert errors[0].range.start == at

    fixed = await docs.edit(uri, at, types.Position(line=at.line, character=at.character + len("tumor_sise")), "tumor_size")
    assert not [d for d in fixed if d.severity == ERROR]
    assert codes(fixed, WARNING) == codes(diagnostics, WARNING)


async def hover_text(client, uri, position):
    result = await client.text_document_hover_async(types.HoverParams(text_document=doc_id(uri), position=position))
    assert result is not None, f"no hover at {position}"
    assert result.contents.kind == types.MarkupKind.Markdown
    return result.contents.value


async def test_hover_on_each_kind_of_name(client):
    docs = Documents(client, client.root)
    await docs.open("rectal.nenrule")
    await docs.open("vocabulary.nenrule")
    rectal, vocabulary = docs.uri("rectal.nenrule"), docs.uri("vocabulary.nenrule")
    text = docs.texts[rectal]

    fact = await hover_text(client, rectal, position_of(text, "tumor_size"))
    assert "**fact** `tumor_size`: length in mm" in fact
    assert "range: > 0 mm" in fact and "largest diameter" in fact and "`rectal.literal`" in fact

    member = await hover_text(client, rectal, position_of(text, "G1"))
    assert "member `G1` of fact `grade`" in member

    outcome = await hover_text(client, rectal, position_of(text, "endoscopy"))
    assert "Endoscopic resection" in outcome and "`rectal.literal` (may)" in outcome and "`rectal.grade` (may)" in outcome

    decision = await hover_text(client, rectal, position_of(text, "rectal.literal"))
    assert "rectal NET, literal" in decision and "§4.1.3" in decision

    vocab = docs.texts[vocabulary]
    enum = await hover_text(client, vocabulary, position_of(vocab, "grade", offset=1))
    assert "members: `G1`, `G2`, `G3`" in enum

    unit = await hover_text(client, vocabulary, position_of(vocab, "1 cm"))
    assert "`1 cm` = **10 mm**" in unit

    constraint = await hover_text(client, vocabulary, position_of(vocab, "nodes_mean_advanced"))
    assert "nodes implies stage == advanced" in constraint and "§3.6" in constraint

    define = await hover_text(client, vocabulary, position_of(vocab, "small_low_grade"))
    assert "tumor_size < 1 cm" in define


async def test_definition_and_references_across_files(client):
    docs = Documents(client, client.root)
    await docs.open("rectal.nenrule")
    rectal = docs.uri("rectal.nenrule")
    text = docs.texts[rectal]

    found = await client.text_document_definition_async(types.DefinitionParams(text_document=doc_id(rectal), position=position_of(text, "tumor_size")))
    assert [(l.uri.rsplit("/", 1)[1], l.range.start.line) for l in found] == [("vocabulary.nenrule", 1)]

    found = await client.text_document_definition_async(types.DefinitionParams(text_document=doc_id(rectal), position=position_of(text, "rectal.literal", occurrence=1)))
    assert [(l.uri.rsplit("/", 1)[1], l.range.start.line) for l in found] == [("rectal.nenrule", 1)]

    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=doc_id(rectal), position=position_of(text, "tumor_size"), context=types.ReferenceContext(include_declaration=True)))
    files = sorted(l.uri.rsplit("/", 1)[1] for l in refs)
    # Declaration and define in the vocabulary; two branches and two tests' givens here.
    assert files == ["rectal.nenrule"] * 4 + ["vocabulary.nenrule"] * 2

    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=doc_id(rectal), position=position_of(text, "G1"), context=types.ReferenceContext(include_declaration=False)))
    assert len(refs) == 3  # grade == G1, given grade = G1, and the define's set


async def test_rename_across_files_and_its_refusals(client):
    docs = Documents(client, client.root)
    for name in ["rectal.nenrule", "vocabulary.nenrule", "guideline.nenrule"]:
        await docs.open(name)
    rectal = docs.uri("rectal.nenrule")
    position = position_of(docs.texts[rectal], "tumor_size")

    prepared = await client.text_document_prepare_rename_async(types.PrepareRenameParams(text_document=doc_id(rectal), position=position))
    assert prepared.placeholder == "tumor_size"

    edit = await client.text_document_rename_async(types.RenameParams(text_document=doc_id(rectal), position=position, new_name="lesion_size"))
    assert sum(len(e) for e in edit.changes.values()) == 6
    changed = await docs.apply(edit)
    assert len(changed) == 2
    await docs.settle(no_errors(changed))
    assert "tumor_size" not in docs.texts[rectal] and "lesion_size" in docs.texts[docs.uri("vocabulary.nenrule")]

    with pytest.raises(Exception, match="not a valid name"):
        await client.text_document_rename_async(types.RenameParams(text_document=doc_id(rectal), position=position_of(docs.texts[rectal], "lesion_size"), new_name="when"))
    with pytest.raises(Exception, match="already declared"):
        await client.text_document_rename_async(types.RenameParams(text_document=doc_id(rectal), position=position_of(docs.texts[rectal], "lesion_size"), new_name="grade"))


async def complete(client, docs, uri, line_text, cursor_after):
    """Appends `line_text` as a new last line and completes right after `cursor_after` in it."""
    text = docs.texts[uri] + line_text
    await docs.replace(uri, text)
    position = position_of(text, line_text, offset=line_text.index(cursor_after) + len(cursor_after))
    result = await client.text_document_completion_async(types.CompletionParams(text_document=doc_id(uri), position=position))
    items = result.items if hasattr(result, "items") else result
    await docs.replace(uri, text[: -len(line_text)])
    return {item.label for item in items}


async def test_completion_in_each_context(client):
    docs = Documents(client, client.root)
    await docs.open("rectal.nenrule")
    uri = docs.uri("rectal.nenrule")

    assert await complete(client, docs, uri, "decision x { when grade == ", "== ") == {"G1", "G2", "G3"}
    assert await complete(client, docs, uri, "decision x { when grade in { G1, ", "G1, ") == {"G1", "G2", "G3"}
    assert await complete(client, docs, uri, "decision x { when nodes == ", "== ") == {"true", "false"}
    strengths = await complete(client, docs, uri, "decision x { when nodes => ", "=> ")
    assert {"must", "should", "may", "not_recommended", "refer"} <= strengths
    outcomes = await complete(client, docs, uri, "decision x { when nodes => may ", "may ")
    assert outcomes == {"endoscopy", "surgery", "mdt_review"}
    assert await complete(client, docs, uri, "decision x { when nodes => may sur", "sur") == {"surgery"}
    units = await complete(client, docs, uri, "decision x { when tumor_size < 20 ", "20 ")
    assert {"mm", "cm"} <= units and "%" not in units
    facts = await complete(client, docs, uri, "decision x { when ", "when ")
    assert {"tumor_size", "grade", "nodes", "small_low_grade", "known"} <= facts
    assert await complete(client, docs, uri, "test \"t\" { given nodes = true expect rectal.", "rectal.") >= {"rectal.literal", "rectal.nodes"}
    keywords = await complete(client, docs, uri, "\n", "\n")
    assert {"decision", "fact", "outcome", "test", "constraint"} <= keywords


async def actions_for(client, docs, uri, diagnostic):
    return await client.text_document_code_action_async(types.CodeActionParams(
        text_document=doc_id(uri), range=diagnostic.range, context=types.CodeActionContext(diagnostics=[diagnostic])))


async def test_each_code_action_applied_and_rechecked(client):
    docs = Documents(client, client.root)
    diagnostics = await docs.open("rectal.nenrule")
    uri = docs.uri("rectal.nenrule")

    # Did you mean: a typo'd fact.
    at = position_of(docs.texts[uri], "nodes => must")
    broken = await docs.edit(uri, at, types.Position(line=at.line, character=at.character + 5), "nodez")
    error = next(d for d in broken if d.code == "unknown-name")
    actions = await actions_for(client, docs, uri, error)
    fix = next(a for a in actions if a.title == "replace `nodez` with `nodes`")
    await docs.apply(fix.edit)
    after = await docs.settle(no_errors([uri]))

    # A gap: `otherwise => refer mdt_review`.
    gap = next(d for d in after[uri] if d.code == "gap" and "rectal.nodes" in d.message)
    fix = next(a for a in await actions_for(client, docs, uri, gap) if "otherwise" in a.title)
    await docs.apply(fix.edit)
    assert "otherwise => refer mdt_review" in docs.texts[uri]
    after = await docs.settle(lambda p: not [d for d in p[uri] if d.code == "gap" and "rectal.nodes" in d.message])

    # A citation skeleton for each branch without one (the new `otherwise` is one of them).
    for left in [1, 0]:
        missing = next(d for d in after[uri] if d.code == "missing-citation")
        fix = next(a for a in await actions_for(client, docs, uri, missing) if "citation" in a.title)
        await docs.apply(fix.edit)
        after = await docs.settle(lambda p: len([d for d in p[uri] if d.code == "missing-citation"]) == left)
    assert not [d for d in after[uri] if d.code == "missing-citation"]

    # An open boundary: put 20 mm below, with a note naming the boundary.
    boundary = next(d for d in after[uri] if d.code == "open-boundary")
    actions = await actions_for(client, docs, uri, boundary)
    assert sorted(a.title for a in actions) == ["put `tumor_size` = 20 mm above (`>` → `>=`)", "put `tumor_size` = 20 mm below (`<` → `<=`)"]
    fix = next(a for a in actions if "below" in a.title)
    await docs.apply(fix.edit)
    assert "tumor_size <= 20 mm" in docs.texts[uri] and "open-boundary: `tumor_size` = 20 mm belongs below" in docs.texts[uri]
    await docs.settle(lambda p: not [d for d in p[uri] if d.code == "open-boundary" and d.severity == WARNING])


MESSY = """# a comment that must survive
outcome   extra_review    "Extra review"

decision   rectal.messy   "messy"  cite "§4.1.3"   {
  when tumor_size<20 mm   =>   may endoscopy   # trailing comment
     when tumor_size >= 20 mm => suggest surgery
}
"""


async def test_formatting_whole_document_and_range(client, workspace):
    (workspace / "messy.nenrule").write_text(MESSY)
    client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=(workspace / "messy.nenrule").as_uri(), type=types.FileChangeType.Created)]))
    docs = Documents(client, client.root)
    await docs.open("messy.nenrule")
    uri = docs.uri("messy.nenrule")

    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=doc_id(uri), options=types.FormattingOptions(tab_size=2, insert_spaces=True)))
    formatted = apply_edits(MESSY, edits)
    assert "# a comment that must survive" in formatted and "# trailing comment" in formatted
    # The same text `nenrule fmt` writes.
    subprocess.run([BINARY, "fmt", str(workspace / "messy.nenrule")], check=True, capture_output=True)
    assert formatted == (workspace / "messy.nenrule").read_text()
    again = await docs.replace(uri, formatted)
    assert not [d for d in again if d.severity == ERROR]
    assert not await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=doc_id(uri), options=types.FormattingOptions(tab_size=2, insert_spaces=True)))

    await docs.replace(uri, MESSY)
    # A range inside the decision formats the decision, and leaves the outcome as it is.
    line = types.Range(start=types.Position(line=4, character=0), end=types.Position(line=4, character=10))
    edits = await client.text_document_range_formatting_async(types.DocumentRangeFormattingParams(
        text_document=doc_id(uri), range=line, options=types.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert len(edits) == 1 and edits[0].range.start.line == 3
    ranged = apply_edits(MESSY, edits)
    assert "outcome   extra_review    \"Extra review\"" in ranged
    assert ranged.split("decision")[1] == formatted.split("decision")[1]
    assert "# trailing comment" in ranged


async def test_document_and_workspace_symbols(client):
    docs = Documents(client, client.root)
    await docs.open("rectal.nenrule")
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc_id(docs.uri("rectal.nenrule"))))
    assert [(s.name, s.kind) for s in symbols] == [
        ("rectal.literal", types.SymbolKind.Function), ("rectal.nodes", types.SymbolKind.Function),
        ("rectal.grade", types.SymbolKind.Function), ("small G1 tumour", types.SymbolKind.Method), ("large tumour", types.SymbolKind.Method)]
    vocabulary = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc_id(docs.uri("vocabulary.nenrule"))))
    grade = next(s for s in vocabulary if s.name == "grade")
    assert [c.name for c in grade.children] == ["G1", "G2", "G3"]

    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="tumor"))
    assert {(s.name, s.kind) for s in found} >= {("tumor_size", types.SymbolKind.Variable)}
    found = await client.workspace_symbol_async(types.WorkspaceSymbolParams(query="large"))
    assert [s.name for s in found] == ["large tumour"]


async def test_code_lenses_run_tests_and_show_coverage(client):
    docs = Documents(client, client.root)
    await docs.open("rectal.nenrule")
    uri = docs.uri("rectal.nenrule")
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=doc_id(uri)))
    titles = [l.command.title for l in lenses]
    assert titles.count("✓ passed — run test") == 2
    coverage = [t for t in titles if t.startswith("branch coverage")]
    assert len(coverage) == 3 and "branch coverage 2/2" in coverage[0]

    run = next(l for l in lenses if l.command.command == "nenrule.runTest")
    result = await client.workspace_execute_command_async(types.ExecuteCommandParams(command=run.command.command, arguments=run.command.arguments))
    assert result["passed"] is True and result["name"] == "small G1 tumour"

    # Break the test's expectation: its lens says so.
    text = docs.texts[uri].replace("expect rectal.literal => may endoscopy", "expect rectal.literal => surgery")
    await docs.replace(uri, text)
    lenses = await client.text_document_code_lens_async(types.CodeLensParams(text_document=doc_id(uri)))
    assert any(l.command.title.startswith("✗ failed: `rectal.literal`: expected") for l in lenses)
