"""The live preview's server: the Host header is checked, a client that goes away is not an error."""

from __future__ import annotations

import http.client
import logging
import socket
import struct
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from diptych import serve
from diptych.serve import Preview

from .conftest import MakePublication


@pytest.fixture
def preview(built_publication: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Preview]:
    # these tests are about the server: the PDFs the preview makes after a pause would render in the background
    monkeypatch.setattr(serve, "PDF_QUIET", 3600.0)
    server = Preview(built_publication, "127.0.0.1", 0, allowed_hosts=("preview.example",))
    server.start()
    yield server
    if server.pdf_timer:
        server.pdf_timer.cancel()
    server.server.shutdown()
    server.server.server_close()


def get(preview: Preview, host: str, path: str = "/") -> tuple[int, bytes]:
    port = preview.server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": host})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_pages_are_served_to_the_names_of_this_machine(preview: Preview) -> None:
    port = preview.server.server_address[1]
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", f"[::1]:{port}", "preview.example:80"):
        status, body = get(preview, host)
        assert status == 200, host
        assert b"<html" in body


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:8000", "127.0.0.1.attacker.example", ""])
def test_another_host_name_is_refused(preview: Preview, host: str) -> None:
    """A page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) must not read the edition."""
    status, body = get(preview, host)
    assert status == 403
    assert b"Essai" not in body
    assert get(preview, host, "/__diptych/events")[0] == 403


def test_a_client_that_resets_its_connection_is_not_an_error(
    preview: Preview, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    port = preview.server.server_address[1]
    for _ in range(5):
        client = socket.create_connection(("127.0.0.1", port))
        client.sendall(b"GET /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and go away mid-request, with a reset
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
        events = socket.create_connection(("127.0.0.1", port))
        events.sendall(b"GET /__diptych/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        events.recv(100)
        events.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        events.close()
    time.sleep(0.5)
    preview.state.publish(None)  # the event stream writes to the closed connections
    time.sleep(0.5)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert get(preview, "127.0.0.1")[0] == 200  # and the server still serves


def test_the_command_line_takes_allowed_hosts(monkeypatch: pytest.MonkeyPatch, make_publication: MakePublication) -> None:
    from diptych import cli, serve

    seen = {}

    class Stub:
        def __init__(self, *args: object) -> None:
            seen["args"] = args
            raise OSError(98, "Address already in use")

    monkeypatch.setattr(serve, "Preview", Stub)
    root = make_publication()
    status = cli.main(["serve", str(root), "--allow-host", "a.example", "--allow-host", "b.example"])
    assert status == 1
    assert seen["args"][-1] == ("a.example", "b.example")
