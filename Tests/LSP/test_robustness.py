"""Hostile input never crashes or hangs `nenrule lsp`: every request gets a response or an
error, and the server ends when its input does."""
import time

import pytest

from conftest import BINARY
from raw_client import RawServer


@pytest.fixture
def server(workspace):
    raw = RawServer(BINARY)
    raw.root = workspace
    yield raw
    raw.close()


def open_document(server, name, text=None):
    path = server.root / name
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": path.as_uri(), "languageId": "nenrule", "version": 1, "text": path.read_text() if text is None else text}})
    return path.as_uri()


def test_garbage_frames_get_errors_and_the_session_goes_on(server):
    server.write(b"this is not a header\r\n\r\n")
    assert server.receive()["error"]["code"] == -32700
    server.write(b"Content-Length: twelve\r\n\r\n")
    assert server.receive()["error"]["code"] == -32700
    server.write(b"Content-Length: 999999999999\r\n\r\n")
    assert server.receive()["error"]["code"] == -32700
    server.write(b"Content-Length: 9\r\n\r\n{not json")
    error = server.receive()["error"]
    assert error["code"] == -32700 and "invalid JSON" in error["message"]
    server.send([1, 2, 3])
    assert server.receive()["error"]["code"] == -32600
    server.write(b"\x00\xff" * 5000)  # binary noise with no header end
    assert server.receive()["error"]["code"] == -32700
    assert "capabilities" in server.initialize(server.root)["result"]


def test_requests_before_initialize_unknown_methods_and_bad_params(server):
    answer = server.response(server.request("textDocument/hover", {}))
    assert answer["error"]["code"] == -32002
    server.initialize(server.root)
    assert server.response(server.request("textDocument/noSuchThing", {}))["error"]["code"] == -32601
    server.notify("$/noSuchNotification", {})
    assert server.response(server.request("textDocument/hover", {"position": {"line": 0}}))["error"]["code"] == -32602
    assert server.response(server.request("textDocument/hover", None))["error"]["code"] == -32602
    answer = server.response(server.request("textDocument/rename", {"textDocument": {"uri": (server.root / "rectal.nenrule").as_uri()},
                                                                     "position": {"line": 0, "character": 0}, "newName": "x"}))
    assert answer["error"]["code"] == -32803  # nothing to rename on a comment


def test_edits_out_of_range_are_clamped(server):
    server.initialize(server.root)
    uri = open_document(server, "rectal.nenrule")
    for start, end in [((10_000, 5), (10_001, 0)), ((0, 500), (0, 2)), ((-3, -1), (0, 0)), ((2, 10**9), (2, 10**9))]:
        server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": start[0], "character": start[1]}, "end": {"line": end[0], "character": end[1]}}, "text": "#"}]})
    hover = server.response(server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 99, "character": 99}}))
    assert "error" not in hover


def test_a_ten_megabyte_document(server):
    server.initialize(server.root)
    big = "# filler\n" * (10 * 1024 * 1024 // 9)
    started = time.time()
    uri = open_document(server, "rectal.nenrule", big)
    answer = server.response(server.request("workspace/symbol", {"query": "rectal"}))
    assert "result" in answer
    published = [m for m in server.seen if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri]
    while not published:
        message = server.receive()
        if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
            published.append(message)
    assert [d["code"] for d in published[-1]["params"]["diagnostics"]] == ["file-too-large"]
    assert time.time() - started < 60


def test_a_thousand_rapid_changes_are_checked_together(server):
    server.initialize(server.root)
    uri = open_document(server, "rectal.nenrule")
    changes = b""
    for version in range(2, 1002):
        body = ('{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"%s","version":%d},'
                '"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":0}},"text":"#"}]}}' % (uri, version)).encode()
        changes += b"Content-Length: %d\r\n\r\n" % len(body) + body
    started = time.time()
    server.write(changes)
    final = None
    publications = 0
    while final is None:
        message = server.receive(timeout=120)
        if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri:
            publications += 1
            if message["params"].get("version") == 1001:
                final = message
    assert publications < 100, f"{publications} checks for 1000 changes"
    assert time.time() - started < 120
    symbols = server.response(server.request("textDocument/documentSymbol", {"textDocument": {"uri": uri}}))
    assert len(symbols["result"]) == 5


def test_closed_stdin_ends_the_server(server):
    server.initialize(server.root)
    server.process.stdin.close()
    assert server.process.wait(timeout=10) == 1


def test_shutdown_then_exit_ends_cleanly(server):
    server.initialize(server.root)
    assert server.response(server.request("shutdown"))["result"] is None
    server.notify("exit")
    assert server.process.wait(timeout=10) == 0
