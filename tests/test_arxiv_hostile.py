"""``add --from-arxiv`` against a hostile server on 127.0.0.1: one-line errors, one deadline, no DTD, no stray redirect.

The server speaks raw HTTP over a socket so that it can send what a well-behaved server never
would (issue #13, attack 8): a status line that is not one, a broken chunk, an answer trickled a
byte at a time, XML with a DTD in UTF-16 or after the first 4 KB, and redirects off arXiv.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.test_add import RECORDED, assert_untouched, catalog, run

__all__ = ["catalog"]  # the fixture, shared with tests/test_add.py

RECORD = (RECORDED / "2312.00752.xml").read_bytes()
INJECTED = "INJECTED-BY-ENTITY"


def with_entity(xml: str) -> str:
    """The recorded answer with a DTD declaring an entity, and the entity in the title."""
    head, rest = xml.split("<feed", 1)
    rest = rest.replace("<title>Mamba", "<title>&x; Mamba", 1)
    return f'{head}<!DOCTYPE feed [<!ENTITY x "{INJECTED}">]>\n<feed{rest}'


def answer(path: str, port: int) -> Iterator[bytes]:
    """What the server sends for ``path``, in pieces (each piece is sent on its own)."""

    def ok(body: bytes, content_type: str = "application/atom+xml") -> Iterator[bytes]:
        yield f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
        yield body

    if path.startswith("/trickle/"):
        yield b"HTTP/1.1 200 OK\r\nContent-Type: application/atom+xml\r\n\r\n"
        for byte in RECORD:
            time.sleep(0.2)
            yield bytes([byte])
    elif path.startswith("/trickle-headers/"):
        for byte in b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 10_000:
            time.sleep(0.2)
            yield bytes([byte])
    elif path.startswith("/bad-status/"):
        yield b"HELLO THERE\r\n\r\n"
    elif path.startswith("/bad-chunk/"):
        yield b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nnot a chunk\r\n"
    elif path.startswith("/utf16/"):
        text = (
            with_entity(RECORD.decode("utf-8"))
            .replace("encoding='UTF-8'", "encoding='UTF-16'")
            .replace('encoding="UTF-8"', 'encoding="UTF-16"')
        )
        yield from ok(text.encode("utf-16"))
    elif path.startswith("/late-doctype/"):
        text = RECORD.decode("utf-8")
        declaration, rest = text.split("?>", 1) if text.startswith("<?xml") else ("", text)
        padded = (declaration + "?>" if declaration else "") + "\n<!--" + " " * 5000 + "-->\n" + rest
        yield from ok(with_entity(padded).encode("utf-8"))
    elif path.startswith("/to-ftp/"):
        yield b"HTTP/1.1 302 Found\r\nLocation: ftp://export.arxiv.org/api/query\r\nContent-Length: 0\r\n\r\n"
    elif path.startswith("/to-other-host/"):
        yield b"HTTP/1.1 301 Moved\r\nLocation: https://evil.example/api/query?id_list=2312.00752\r\nContent-Length: 0\r\n\r\n"
    elif path.startswith("/to-plain-http/"):
        yield f"HTTP/1.1 307 Temporary\r\nLocation: http://127.0.0.1:{port}/api/query\r\nContent-Length: 0\r\n\r\n".encode()
    else:
        yield from ok(RECORD)


@pytest.fixture
def hostile_server() -> Iterator[str]:
    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = self.request.recv(4096)
                if not chunk:
                    return
                request += chunk
            path = request.split(b" ", 2)[1].decode()
            with contextlib.suppress(OSError):  # the client gave up first
                for piece in answer(path, self.server.server_address[1]):
                    self.request.sendall(piece)

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def add(api: str, *extra: str) -> tuple[int, str, float]:
    started = time.monotonic()
    code, output = run("add", "--from-arxiv", "2312.00752", "--theme", "state-space-models", "--arxiv-api", api, *extra)
    return code, output, time.monotonic() - started


def one_error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 2 and lines[1] == "Nothing was written.", output
    assert "Traceback" not in output
    return lines[0]


def test_the_server_answers_well_when_asked_well(catalog: Path, hostile_server: str) -> None:
    code, output, _ = add(f"{hostile_server}/api/query")
    assert code == 0, output
    assert "Mamba" in catalog.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ["/trickle/api/query", "/trickle-headers/api/query"])
def test_the_timeout_is_one_deadline_for_the_whole_answer(catalog: Path, hostile_server: str, path: str) -> None:
    before = catalog.read_bytes()
    code, output, seconds = add(hostile_server + path, "--timeout", "1")
    assert code == 1
    assert seconds < 3, seconds  # a byte every 0.2 s would take minutes
    assert "within 1 seconds" in one_error_line(output)
    assert_untouched(catalog, before)


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/bad-status/api/query", "reading from the arXiv API at"),
        ("/bad-chunk/api/query", "reading from the arXiv API at"),
    ],
)
def test_a_broken_answer_is_a_one_line_message(catalog: Path, hostile_server: str, path: str, words: str) -> None:
    before = catalog.read_bytes()
    code, output, _ = add(hostile_server + path)
    assert code == 1
    line = one_error_line(output)
    assert line.startswith("papers.yaml: --from-arxiv 2312.00752: ") and words in line, line
    assert_untouched(catalog, before)


@pytest.mark.parametrize("path", ["/utf16/api/query", "/late-doctype/api/query"])
def test_a_dtd_is_refused_whatever_the_encoding_or_place(catalog: Path, hostile_server: str, path: str) -> None:
    before = catalog.read_bytes()
    code, output, _ = add(hostile_server + path)
    assert code == 1
    assert "contains a DTD or entities; refusing to read it" in one_error_line(output)
    assert INJECTED not in catalog.read_text(encoding="utf-8")
    assert_untouched(catalog, before)


@pytest.mark.parametrize(
    ("path", "target"),
    [
        ("/to-ftp/api/query", "'ftp://export.arxiv.org/api/query'"),
        ("/to-other-host/api/query", "'https://evil.example/api/query?id_list=2312.00752'"),
        ("/to-plain-http/api/query", "'http://127.0.0.1:"),
    ],
)
def test_redirects_are_followed_only_to_https_arxiv(catalog: Path, hostile_server: str, path: str, target: str) -> None:
    before = catalog.read_bytes()
    code, output, _ = add(hostile_server + path)
    assert code == 1
    line = one_error_line(output)
    assert f"redirected to {target}" in line and "only https:// addresses on arxiv.org are followed" in line, line
    assert_untouched(catalog, before)


def test_nothing_listens_is_one_line(catalog: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, output, _ = add(f"http://127.0.0.1:{port}/api/query")
    assert code == 1
    assert "Connection refused" in one_error_line(output)
