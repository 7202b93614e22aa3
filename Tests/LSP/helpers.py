"""Small helpers shared by the language-server tests: documents, positions, edits."""
import asyncio

from lsprotocol import types


def position_of(text, needle, occurrence=0, offset=0):
    """The LSP position (UTF-16 columns) of the n-th occurrence of `needle`, plus `offset`."""
    index = -1
    for _ in range(occurrence + 1):
        index = text.index(needle, index + 1)
    index += offset
    line = text.count("\n", 0, index)
    start = text.rfind("\n", 0, index) + 1
    return types.Position(line=line, character=len(text[start:index].encode("utf-16-le")) // 2)


def offset_of(text, position):
    lines = text.split("\n")
    offset = sum(len(line) + 1 for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    units = 0
    for index, character in enumerate(line):
        if units >= position.character:
            return offset + index
        units += len(character.encode("utf-16-le")) // 2
    return offset + len(line)


def apply_edits(text, edits):
    """Applies LSP text edits (non-overlapping) to a text."""
    spans = sorted(((offset_of(text, e.range.start), offset_of(text, e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


class Documents:
    """The client's side of open documents: text, version, and waiting for diagnostics."""

    def __init__(self, client, root):
        self.client = client
        self.root = root
        self.texts = {}
        self.versions = {}

    def uri(self, name):
        return (self.root / name).as_uri()

    async def open(self, name):
        uri = self.uri(name)
        text = (self.root / name).read_text()
        self.texts[uri] = text
        self.versions[uri] = 1
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="nenrule", version=1, text=text)))
        return await self.diagnostics(uri, 1)

    async def replace(self, uri, text):
        """Sends the whole new text, as a client may after applying an edit."""
        self.texts[uri] = text
        self.versions[uri] += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
        return await self.diagnostics(uri, self.versions[uri])

    async def edit(self, uri, start, end, new_text):
        """Sends one ranged change (the incremental sync the server asks for)."""
        text = self.texts[uri]
        self.texts[uri] = text[: offset_of(text, start)] + new_text + text[offset_of(text, end):]
        self.versions[uri] += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
            content_changes=[types.TextDocumentContentChangePartial(range=types.Range(start=start, end=end), text=new_text)]))
        return await self.diagnostics(uri, self.versions[uri])

    async def apply(self, workspace_edit):
        """Applies a workspace edit to the open documents; returns the URIs it changed."""
        changed = list((workspace_edit.changes or {}).keys())
        for uri, edits in (workspace_edit.changes or {}).items():
            await self.replace(uri, apply_edits(self.texts[uri], edits))
        return changed

    async def settle(self, condition, timeout=60):
        """Waits until the diagnostics published so far satisfy `condition(diagnostics by URI)`:
        after an edit of several files, each file's diagnostics are published again as the
        others change."""
        async def wait():
            while not condition(self.client.diagnostics):
                await self.client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        try:
            await asyncio.wait_for(wait(), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(f"diagnostics never settled: {dict(self.client.diagnostics)}") from None
        return self.client.diagnostics

    async def diagnostics(self, uri, version, timeout=60):
        """The diagnostics published for `uri` at `version` (or later)."""
        async def wait():
            while True:
                published = self.client.diagnostics.get(uri)
                if published is not None and self.client.versions.get(uri, -1) >= version:
                    return published
                await self.client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        try:
            return await asyncio.wait_for(wait(), timeout)
        except asyncio.TimeoutError:
            raise AssertionError(f"no diagnostics for {uri} at version {version}: have {dict(self.client.versions)}") from None


def no_errors(uris):
    return lambda published: all(not [d for d in published.get(uri, []) if d.severity == 1] for uri in uris)


def codes(diagnostics, severity=None):
    return sorted(str(d.code) for d in diagnostics if severity is None or d.severity == severity)
