"""The language-server suite: drives `nenrule lsp` with pytest-lsp (lsprotocol types) over a
copy of a small fixture rule set, and with a raw JSON-RPC pipe for hostile input.

Run: NENRULE_BIN=.build/debug/nenrule python -m pytest Tests/LSP (from the repository root).
"""
import os
import pathlib
import shutil

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("NENRULE_BIN", str(ROOT / ".build" / "debug" / "nenrule"))
FIXTURE = pathlib.Path(__file__).resolve().parent / "workspace"


@pytest.fixture
def workspace(tmp_path):
    """A fresh copy of the fixture rule set, so edits never touch the repository."""
    target = tmp_path / "rules"
    shutil.copytree(FIXTURE, target)
    return target


def record_diagnostics(client: LanguageClient, params: types.PublishDiagnosticsParams):
    """pytest-lsp's handler, plus the document version each publication was for."""
    client.diagnostics[params.uri] = params.diagnostics
    client.versions[params.uri] = params.version if params.version is not None else 0


def make_client():
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = record_diagnostics
    register_lsp_features(client, features)
    client.versions = {}
    return client


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[BINARY, "lsp"], client_factory=make_client))
async def client(lsp_client: LanguageClient, request):
    root = request.getfixturevalue("workspace")
    params = types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="rules")],
    )
    lsp_client.root = root
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()
