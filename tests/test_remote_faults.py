"""A SPARQL server store that is down, silent, failing or cut off: a clear message, a bounded wait, no half document.

The faulty servers are tiny ``http.server``/socket servers on 127.0.0.1 written
here; the cut-off case puts a proxy that drops the connection halfway through
an update in front of a real Oxigraph server (tests/servers.py) and checks that
the server kept nothing of the document.
"""

from __future__ import annotations

import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS
from typer.testing import CliRunner

from kg.cli.main import app
from kg.errors import StoreError
from kg.store import remote
from kg.store.remote import open_remote_dataset
from kg.store.graph_store import GraphStore
from servers import free_port, oxigraph_executable, oxigraph_server

GRAPH = URIRef("https://w3id.org/kg-news/graph/doc-1")
QUADS = [(URIRef(f"urn:e{i}"), RDFS.label, Literal(f"entity {i} " + "x" * 200), GRAPH) for i in range(200)]


@pytest.fixture
def fast_retries(monkeypatch):
    """Retries after 10 ms instead of 0.5 s (the tests see the retries, not the waits)."""
    monkeypatch.setattr(remote, "RETRY_PAUSE", 0.01)


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


class AnswersQueriesFailsUpdates(BaseHTTPRequestHandler):
    """Answers the ping (``ASK {}``) and refuses every update with a 500."""

    def do_POST(self):  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers["Content-Length"]))
        if self.path.startswith("/query"):
            body, status, kind = b'{"head": {}, "boolean": true}', 200, "application/sparql-results+json"
        else:
            body, status, kind = b"storage is on fire", 500, "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def silent_server() -> Iterator[str]:
    """Accepts connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/"


def test_a_server_that_is_down_is_reported_at_once():
    url = f"http://127.0.0.1:{free_port()}/"
    started = time.monotonic()
    with pytest.raises(StoreError, match=f"cannot reach the SPARQL server at {url}: .*start it or check --store"):
        GraphStore(url)
    assert time.monotonic() - started < 5

    result = CliRunner().invoke(app, ["stats", "--store", url])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "cannot reach" in result.stderr


def test_a_silent_server_times_out_within_the_bound():
    with silent_server() as url:
        started = time.monotonic()
        with pytest.raises(StoreError, match=r"no answer within 1s"):
            open_remote_dataset(url, timeout=1.0)
        assert time.monotonic() - started < 4


def test_a_failing_update_says_what_the_server_said(fast_retries):
    with serving(AnswersQueriesFailsUpdates) as url:
        store = GraphStore(url)
        with pytest.raises(StoreError, match=r"refused the request \(500 .*\): storage is on fire"):
            store.replace_document(GRAPH, QUADS)


class FailsTwiceThenAnswers(BaseHTTPRequestHandler):
    """Answers queries; the first update gets a 503, the second a connection dropped unanswered, the third a 204."""

    updates = 0

    def do_POST(self):  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers["Content-Length"]))
        if self.path.startswith("/query"):
            self._answer(200, b'{"head": {"vars": []}, "results": {"bindings": []}}', "application/sparql-results+json")
            return
        type(self).updates += 1
        if self.updates == 1:
            self._answer(503, b"busy, try later", "text/plain")
        elif self.updates == 2:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)  # connection reset, no answer
        else:
            self._answer(204, b"", "text/plain")

    def _answer(self, status, body, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_transient_server_errors_are_retried_with_back_off(fast_retries):
    FailsTwiceThenAnswers.updates = 0
    with serving(FailsTwiceThenAnswers) as url:
        dataset = open_remote_dataset(url)
        dataset.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert FailsTwiceThenAnswers.updates == 3


def test_a_server_that_keeps_failing_is_reported_after_the_retries(fast_retries):
    with serving(AnswersQueriesFailsUpdates) as url:
        with pytest.raises(StoreError, match=r"refused the request \(500 .*\): storage is on fire"):
            open_remote_dataset(url).update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")


class CutUpdates:
    """A TCP proxy to ``target`` that forwards queries whole and cuts each document's update off halfway through its body."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._relay, args=(client,), daemon=True).start()

    def _relay(self, client: socket.socket) -> None:
        with client, socket.create_connection(("127.0.0.1", self.target_port)) as server:
            request = self._read_request(client)
            head, _, body = request.partition(b"\r\n\r\n")
            if b" /update" in head.split(b"\r\n", 1)[0] and b"INSERT DATA" in body:  # a document, not the lock
                server.sendall(head + b"\r\n\r\n" + body[: len(body) // 2])
                return  # both connections close: the update arrives half-sent
            server.sendall(request)
            while data := server.recv(65536):
                client.sendall(data)

    @staticmethod
    def _read_request(client: socket.socket) -> bytes:
        data = b""
        while b"\r\n\r\n" not in data:
            data += client.recv(65536)
        head = data.split(b"\r\n\r\n", 1)[0].lower()
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.startswith(b"content-length:")), 0)
        while len(data.split(b"\r\n\r\n", 1)[1]) < length:
            data += client.recv(65536)
        return data

    def close(self) -> None:
        self.listener.close()


@pytest.mark.skipif(oxigraph_executable() is None, reason="needs the oxigraph server (pip install oxigraph)")
def test_an_update_cut_off_halfway_leaves_no_half_document(tmp_path):
    with oxigraph_server(tmp_path / "db") as url:
        with GraphStore(url) as first:
            first.replace_document(GRAPH, QUADS[:3])  # the old version of the document
        proxy = CutUpdates(int(url.rsplit(":", 1)[1].strip("/")))
        try:
            with pytest.raises(StoreError, match="broke off|cannot reach"), GraphStore(proxy.url) as cut:
                cut.replace_document(GRAPH, QUADS)
        finally:
            proxy.close()
        direct = GraphStore(url)
        assert len(direct) == 3  # the old version, whole; nothing of the new one


@pytest.mark.model
@pytest.mark.skipif(oxigraph_executable() is None, reason="needs the oxigraph server (pip install oxigraph)")
def test_a_server_lost_during_a_build_says_what_is_kept_and_a_re_run_finishes(tmp_path, fast_retries, nlp):
    from kg.pipeline.builder import build
    from servers import stop, wait_until_up

    news = tmp_path / "news"
    news.mkdir()
    for n in range(4):
        (news / f"{n}.txt").write_text(f"Prime Minister Keir Starmer met Volodymyr Zelensky in London on day {n}.")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    serve = [oxigraph_executable(), "serve", "--bind", f"127.0.0.1:{port}", "--location", str(tmp_path / "db")]

    def start():
        proc = subprocess.Popen(serve, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_until_up(url, proc)
        return proc

    server = start()
    try:
        def lose_the_server(event):
            if event.kind == "built":
                stop(server)

        with pytest.raises(StoreError) as lost, GraphStore(url) as store:
            build([news], store, on_progress=lose_the_server)
        message = str(lost.value)
        assert "cannot reach the SPARQL server" in message
        assert re.search(r"The store keeps at least [123] document\(s\)", message) and "run the same command again" in message
        kept = int(re.search(r"keeps at least (\d)", message).group(1))
        server = start()
        with GraphStore(url) as store:  # the lost build's lock: its process lives, but on this machine it is ours
            report = build([news], store)
        # a write the lost server answered no more may have been stored all the same: "at least"
        assert report.unchanged >= kept and report.unchanged + report.built == 4
    finally:
        stop(server)
