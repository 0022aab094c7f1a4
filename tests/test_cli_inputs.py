"""``kg build`` on messy input: good files are built, each bad one is named on one line, the exit code tells.

The readers' unit tests (tests/test_readers.py) cover each format; these run the
real command on a folder mixing them.  Size limits are tested in two parts:
a 50 MB file is read and cut into spaCy-sized pieces without parsing it (parsing
50 MB takes many minutes), and a text of several pieces (2,000-character pieces
standing in for 100,000) is built end to end, its mention and sentence offsets
checked against the text across the piece boundaries.
"""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.main import app
from kg.nlp.model import MAX_CHARS
from kg.pipeline.stages import split_text
from kg.ingest.readers import read_inputs
from kg.store.graph_store import GraphStore
from kg.vocab import NIF

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
from corpus import generated_texts  # noqa: E402 - bench/ is a folder of scripts

pytestmark = pytest.mark.model

NEWS = "Keir Starmer met Volodymyr Zelensky in London on Saturday. The British prime minister promised more aid to Ukraine."
BAD = {  # file name -> bytes, and what its one line must say
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b" \n\t\n  ", "empty file"),
    "report.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF document"),
    "photo.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    "blob.dat": (b"\x01\x02\x00\x00\xff\xfe\x00garbage", "contains NUL bytes"),
    "settings.json": (b'{"a": 1}', "JSON file, not JSON Lines"),
}
HTML = """<!doctype html><html><head><title>Aid talks</title><style>p { color: red }</style>
<script>var secretScriptText = "do not index me";</script></head>
<body><nav>Menu</nav><p>Keir Starmer met <b>Volodymyr Zelensky</b> in London.</p>
<!-- a hidden comment --><p>The prime minister promised more aid.</p></body></html>"""


def messy_folder(root: Path) -> Path:
    folder = root / "messy"
    folder.mkdir()
    (folder / "good.txt").write_text(NEWS, encoding="utf-8")
    (folder / "windows.txt").write_bytes("Fran\u00e7ois Hollande said \u201cno\u201d in Paris.".encode("cp1252"))
    (folder / "latin1.txt").write_bytes("Ang\u00e8le Merkel visited S\u00e3o Paulo.\x80".encode("latin-1", "replace") + b"\xff")
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + "Emmanuel Macron spoke in Berlin.".encode("utf-16-le"))
    (folder / "page.html").write_text(HTML, encoding="utf-8")
    for name, (data, _) in BAD.items():
        (folder / name).write_bytes(data)
    return folder


def sources_and_texts(store: Path) -> dict[str, str]:
    """source file name -> the text stored for it."""
    with GraphStore(store, read_only=True) as gs:
        rows = gs.query(
            f"SELECT ?src ?text WHERE {{ ?d <http://purl.org/dc/terms/source> ?src . ?c <{NIF.sourceUrl}> ?d ; <{NIF.isString}> ?text }}"
        )
        return {Path(str(src)).name: str(text) for src, text in rows}


def test_good_files_are_built_and_each_bad_one_named_on_one_line(tmp_path):
    folder = messy_folder(tmp_path)
    missing = tmp_path / "no-such-folder"

    result = CliRunner().invoke(app, ["build", str(folder), str(missing), "--store", str(tmp_path / "store")])

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    for name, (_, why) in BAD.items():
        named = [line for line in lines if str(folder / name) in line]
        assert len(named) == 1 and why in named[0], (name, named)
    assert [line for line in lines if str(missing) in line and "skipped" in line]
    assert "built 5 document(s), 2 with warnings, 0 unchanged, 7 skipped" in result.stderr
    assert "2 file(s) were not UTF-8 and were decoded whole as cp1252/latin-1 (see the warnings)" in result.stderr
    for name, codec in (("windows.txt", "cp1252"), ("latin1.txt", "cp1252")):  # \x80 and \xff are cp1252 too
        (warned,) = [line for line in lines if str(folder / name) in line]
        assert warned.startswith("warning ") and f"decoded whole as {codec}" in warned

    texts = sources_and_texts(tmp_path / "store")
    assert set(texts) == {"good.txt", "windows.txt", "latin1.txt", "utf16.txt", "page.html"}
    assert texts["windows.txt"] == "Fran\u00e7ois Hollande said \u201cno\u201d in Paris."  # cp1252 decoded
    assert texts["latin1.txt"].startswith("Ang\u00e8le Merkel visited S\u00e3o Paulo.")  # latin-1 decoded
    assert texts["utf16.txt"] == "Emmanuel Macron spoke in Berlin."
    assert "Volodymyr Zelensky in London" in texts["page.html"]
    assert not any(hidden in texts["page.html"] for hidden in ("secretScriptText", "color: red", "hidden comment", "<p>"))


def test_strict_stops_at_the_first_bad_file(tmp_path):
    folder = messy_folder(tmp_path)
    store = tmp_path / "store"

    result = CliRunner().invoke(app, ["build", str(folder), "--strict", "--store", str(store)])

    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    first_bad = str(folder / "blank.txt")  # files are read in sorted order: blank.txt, blob.dat, empty.txt, good.txt...
    assert first_bad in result.stderr and "strict mode stops" in result.stderr
    assert not any(str(folder / name) in result.stderr for name in BAD if name != "blank.txt")
    # nothing after the bad file was built (nothing before it was a document either)
    assert not store.exists() or sources_and_texts(store) == {}


def test_a_50_mb_file_is_read_and_cut_into_spacy_sized_pieces(tmp_path):
    big = tmp_path / "big.txt"
    paragraph = NEWS + "\n\n"
    big.write_text(paragraph * (50_000_000 // len(paragraph) + 1), encoding="utf-8")
    assert big.stat().st_size >= 50_000_000

    (article,) = list(read_inputs([big]))
    pieces = split_text(article.text)

    assert len(article.text) >= 50_000_000
    assert all(len(piece) <= MAX_CHARS for _, piece in pieces)
    assert "".join(piece for _, piece in pieces) == article.text
    assert all(article.text.startswith(piece, offset) for offset, piece in pieces[:50])
    assert all(piece.endswith("\n\n") for _, piece in pieces[:-1])  # cut at paragraph breaks


def test_a_text_longer_than_one_piece_builds_with_true_offsets(tmp_path, monkeypatch):
    """Pieces of 2,000 characters stand in for spaCy's 100,000 (same code path, seconds instead of minutes)."""
    monkeypatch.setattr(split_text, "__defaults__", (2_000,))
    text = "\n\n".join(generated_texts(8, seed=5, sentences=6))  # ~6 KB: several pieces
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    store = tmp_path / "store"

    result = CliRunner().invoke(app, ["build", str(tmp_path / "long.txt"), "--store", str(store)])

    assert result.exit_code == 0, result.stderr
    assert len(split_text(text)) >= 3
    with GraphStore(store, read_only=True) as gs:
        mentions = [(str(a), int(b), int(e)) for a, b, e in gs.query(
            f"SELECT ?a ?b ?e WHERE {{ ?m <{NIF.anchorOf}> ?a ; <{NIF.beginIndex}> ?b ; <{NIF.endIndex}> ?e }}")]
    assert max(b for _, b, _ in mentions) > 2 * 2_000  # mentions from the later pieces too
    assert all(text[b:e] == anchor for anchor, b, e in mentions)


def test_a_200k_character_sentence_without_punctuation_is_cut_and_parsed(nlp):
    words = "the minister told the committee in London that the ministry would fund new schools in the north "
    sentence = (words * (200_000 // len(words) + 1))[:200_000]

    pieces = split_text(sentence)

    assert [len(p) for _, p in pieces[:-1]] and all(len(p) <= MAX_CHARS for _, p in pieces)
    assert "".join(p for _, p in pieces) == sentence
    assert all(p.endswith(" ") for _, p in pieces[:-1])  # cut between words, never inside one
    # each piece is one spaCy-sized sentence; parse a slice of one end to end (a whole piece takes
    # minutes: kg/extract/resolve.py is quadratic in the mentions of one sentence)
    from kg.pipeline.stages import Pipeline
    from kg.ingest.readers import article_from_text

    (result,) = Pipeline().run([article_from_text(pieces[0][1][:8_000], id="long", source="long")])
    assert {e.name for e in result.entities} >= {"London"}


def test_a_bad_jsonl_line_is_one_problem_and_the_rest_is_built(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "feed.jsonl").write_text(
        '{"id": "one", "text": "Keir Starmer met Volodymyr Zelensky in London."}\n'
        '{"id": "two", "text": "A lone \\ud800 surrogate."}\n'
        '{"id": "three", "text": "Emmanuel Macron visited Berlin."}\n'
    )
    (folder / "good.txt").write_text(NEWS)
    result = CliRunner().invoke(app, ["build", str(folder), "--store", str(tmp_path / "store"), "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output
    assert "line 2: a lone surrogate escape" in result.stderr
    assert "built 3 document(s), 0 unchanged, 1 skipped" in result.stderr
