"""The ``kg serve`` application in process (httpx's ASGI transport, no port): what the subprocess
tests in test_serve.py cannot reach -- an unexpected error, and a store held in memory, whose
queries run in threads instead of worker processes."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from graph_fixtures import _news_quads, iri
from starlette.routing import Route

from kg.serve.app import create_app
from kg.serve.engine import Limits


@pytest.fixture(scope="module")
def client():
    app = create_app("memory", limits=Limits(timeout=5, max_rows=2, workers=2))
    store = app.state.store
    store.dataset.addN((s, p, o, store.dataset.graph(g)) for s, p, o, g in _news_quads())

    async def boom(request):
        raise RuntimeError("secret detail /etc/passwd")

    app.router.routes.append(Route("/boom", boom))
    yield Client(app)
    app.state.engine.close()


class Client:
    """``get(path, ...)`` on the app in process, as a test client would."""

    def __init__(self, app) -> None:
        self.transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)

    def get(self, path: str, **kw) -> httpx.Response:
        async def fetch() -> httpx.Response:
            async with httpx.AsyncClient(transport=self.transport, base_url="http://kg.test") as http:
                return await http.get(path, **kw)

        return asyncio.run(fetch())


def test_an_unexpected_error_is_one_line_without_its_trace(client):
    answer = client.get("/boom")
    assert answer.status_code == 500 and answer.headers["content-type"].startswith("text/plain")
    assert answer.text.startswith("internal error") and answer.text.count("\n") == 1
    assert "secret" not in answer.text and "Traceback" not in answer.text


def test_a_memory_store_answers_in_threads_with_the_row_limit(client):
    answer = client.get("/sparql", params={"query": "SELECT ?e WHERE { ?e a kg:Person }"}, headers={"Accept": "text/csv"})
    assert answer.status_code == 200 and answer.headers["x-kg-limit"] == "rows"
    assert len(answer.text.strip().splitlines()) == 1 + 2
    ask = client.get("/sparql", params={"query": f"ASK {{ <{iri('zelensky')}> ?p ?o }}"})
    assert ask.json()["boolean"] is True
    assert client.get("/sparql", params={"query": "DROP ALL"}).status_code == 403


def test_a_memory_store_serves_the_pages(client):
    page = client.get("/id/person/volodymyr-zelensky")
    assert page.status_code == 200 and "</mark> thanked the UK for its support." in page.text
    assert client.get("/doc/downing-street").status_code == 200
    assert "metWith" in client.get("/").text
