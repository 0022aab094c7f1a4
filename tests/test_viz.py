"""The offline HTML page and the PNG (kg/export/html.py), checked in real headless Chromium."""

from __future__ import annotations

import json
import re
import struct
import zlib
from pathlib import Path

import networkx as nx
import pytest
from needs import tool
from graph_fixtures import HOSTILE_NAME, fill_hostile, news_store  # noqa: F401
from lxml import html as lxml_html

from kg.errors import KGError
from kg.analysis.network import entity_graph
from kg.store.graph_store import GraphStore
from kg.export.html import KIND_COLOURS, colour_of, headless_chromium, html_page, page_data, write_html, write_png

needs_chromium = tool("chromium|chromium-browser|google-chrome", "apt-get install chromium")


def read_png(path: Path) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Width, height and RGB pixels of an 8-bit RGB/RGBA non-interlaced PNG (what Chromium writes)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, header
    channels = 3 if colour_type == 2 else 4
    raw, stride = zlib.decompress(idat), width * channels
    rows, previous, i = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1 : i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = previous[x], previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    pixels = [tuple(row[x : x + 3]) for row in rows for x in range(0, stride, channels)]
    return width, height, pixels


def dump_dom(page: Path, fragment: str = "") -> lxml_html.HtmlElement:
    """The page's DOM after its JavaScript ran, as headless Chromium serializes it."""
    dom = headless_chromium(page.as_uri() + fragment, "--dump-dom", "--virtual-time-budget=5000")
    return lxml_html.fromstring(dom)


# -- the page itself (no browser) ----------------------------------------------------------


def test_page_is_self_contained(news_store):
    page = html_page(entity_graph(news_store))
    assert not re.search(r"<script[^>]+src=|<link\b|@import|url\(", page, re.IGNORECASE)
    assert page.count("</script>") == 2  # the data island and the renderer, nothing closes early


def test_page_data_lays_out_and_colours_every_node(news_store):
    G = entity_graph(news_store)
    data = page_data(G, title="t")
    assert len(data["nodes"]) == 10 and len(data["edges"]) == 8
    zelensky = next(n for n in data["nodes"] if n["label"] == "Volodymyr Zelensky")
    assert zelensky["colour"] == colour_of("Person") and zelensky["documents"] == 2
    assert all(-1 <= n["x"] <= 1 and -1 <= n["y"] <= 1 for n in data["nodes"])
    assert {"kind": "Person", "colour": KIND_COLOURS["Person"], "count": 3} in data["legend"]
    thanked = next(e for e in data["edges"] if e["predicate"] == "thanked")
    assert data["nodes"][thanked["s"]]["label"] == "Volodymyr Zelensky"
    assert thanked["sentence"] == "Zelensky thanked the UK for its support."


def test_page_data_keeps_the_best_connected_nodes(news_store):
    data = page_data(entity_graph(news_store), title="t", max_nodes=3)
    assert data["total_nodes"] == 10
    assert sorted(n["label"] for n in data["nodes"]) == ["Ukraine", "United Kingdom", "Volodymyr Zelensky"]


def test_hostile_strings_cannot_close_the_script():
    with GraphStore("memory") as store:
        page = html_page(entity_graph(fill_hostile(store)), title="</title><script>alert(1)</script>")
    assert "</script><!--" not in page.split('<script type="application/json"')[1].split("</script>")[0]
    island = lxml_html.fromstring(page).get_element_by_id("kg-data").text
    assert HOSTILE_NAME in {n["label"] for n in json.loads(island)["nodes"]}
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page


def test_filters_apply_to_stores_only(news_store, tmp_path):
    write_html(news_store, tmp_path / "people.html", types=["Person"])
    assert '"total_nodes":3' in (tmp_path / "people.html").read_text()
    with pytest.raises(KGError, match="filters apply to a store"):
        write_html(nx.DiGraph(), tmp_path / "x.html", types=["Person"])


# -- in Chromium ------------------------------------------------------------------------------


@needs_chromium
def test_page_renders_every_node_in_chromium(news_store, tmp_path):
    G = entity_graph(news_store)
    page = write_html(G, tmp_path / "graph.html")
    body = dump_dom(page).body
    assert body.get("data-ready") == "true"  # the script ran to its end
    assert (int(body.get("data-node-count")), int(body.get("data-edge-count"))) == (len(G), G.number_of_edges())
    assert len(body.xpath('//*[@id="legend"]//span[@class="swatch"]')) == 5


@needs_chromium
def test_search_selects_a_name_and_shows_its_facts_with_sentences(news_store, tmp_path):
    page = write_html(news_store, tmp_path / "graph.html")
    panel = dump_dom(page, "#find=zelensky").get_element_by_id("panel")
    assert panel.xpath(".//h2")[0].text_content() == "Volodymyr Zelensky"
    sentences = [s.text_content() for s in panel.xpath('.//*[@class="sentence"]')]
    assert "“Zelensky thanked the UK for its support.”" in sentences
    assert len(sentences) == 4


@needs_chromium
def test_hostile_strings_render_as_text_in_chromium(tmp_path):
    with GraphStore("memory") as store:
        page = write_html(fill_hostile(store), tmp_path / "hostile.html")
    dom = dump_dom(page, "#find=ben")
    assert dom.body.get("data-node-count") == "2"
    assert dom.get_element_by_id("panel").xpath(".//h2")[0].text_content() == HOSTILE_NAME
    assert not dom.xpath('//*[@id="panel"]//script')


@needs_chromium
def test_png_is_a_picture_of_the_graph(news_store, tmp_path):
    path = write_png(news_store, tmp_path / "graph.png", width=600, height=400)
    width, height, pixels = read_png(path)
    assert (width, height) == (600, 400)
    white = sum(p == (255, 255, 255) for p in pixels)
    assert 0.005 < 1 - white / len(pixels) < 0.5  # something drawn, not a blank or black page
    person = tuple(int(KIND_COLOURS["Person"][i : i + 2], 16) for i in (1, 3, 5))
    assert sum(p == person for p in pixels) > 50  # nodes in their class colour


def test_png_without_chromium_says_what_to_install(news_store, tmp_path, monkeypatch):
    monkeypatch.setenv("KG_CHROMIUM", "no-such-browser")
    with pytest.raises(KGError, match="install it"):
        write_png(news_store, tmp_path / "graph.png")
