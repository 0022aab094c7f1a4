"""Tests for kg/ingest/readers.py: every format, encoding and bad input becomes an Article or an InputProblem."""

from __future__ import annotations

import gzip
import hashlib
import os
import tracemalloc
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.ingest.readers import InputProblem, InputWarning, article_from_text, count_inputs, read_inputs
from kg.types import Article

INPUTS = Path(__file__).parent / "data" / "inputs"
GUM_CRANE = Path("/work/shared/corpus/gum/GUM_news_crane.txt")


def read_one(path: Path) -> Article | InputProblem:
    """The single result of reading one file (after its decoding warning, if any)."""
    (result,) = [r for r in read_inputs([path]) if not isinstance(r, InputWarning)]
    return result


def article(path: Path) -> Article:
    result = read_one(path)
    assert isinstance(result, Article), result
    return result


def problem(path: Path) -> InputProblem:
    result = read_one(path)
    assert isinstance(result, InputProblem), result
    assert result.path == str(path)
    return result


# --- plain text -----------------------------------------------------------------


def test_plain_text_keeps_text_and_finds_title_and_dateline():
    a = article(INPUTS / "wikinews.txt")
    raw = (INPUTS / "wikinews.txt").read_text(encoding="utf-8")
    assert a.text == raw  # the title line stays: offsets are into the full text
    assert a.title == "At least 107 killed in Mecca crane collapse"
    assert a.date == "2015-09-12"
    assert a.id == "wikinews.txt"
    assert a.source == str((INPUTS / "wikinews.txt").resolve())
    assert a.sha256 == hashlib.sha256(raw.encode("utf-8")).hexdigest()


@pytest.mark.skipif(not GUM_CRANE.exists(), reason="shared GUM corpus not present")
def test_wikinews_dateline_in_gum_corpus():
    a = article(GUM_CRANE)
    assert (a.title, a.date) == ("At least 107 killed in Mecca crane collapse", "2015-09-12")


@pytest.mark.parametrize(
    ("text", "title", "date"),
    [
        # Wikinews also glues the date to the headline or to the first paragraph
        ("Ants heal Tuesday, September 1, 2015\n\nBody text.", "Ants heal", "2015-09-01"),
        ("Flag vote\n\nThursday, May 7, 2015 On Tuesday, the government spoke.", "Flag vote", "2015-05-07"),
        ("Friday, January 3, 2014\n\nInterview text.", None, "2014-01-03"),
        ("Headline\n\nPublished: 12 September 2015 10:32 AM\n\nBody.", "Headline", "2015-09-12"),
        ("# Markdown heading\n\nBody.", "Markdown heading", None),
        ("This first line is a sentence.\n\nBody.", None, None),  # final period: not a headline
        ("Headline with no blank line\nBody.", None, None),
        ("x" * 150 + "\n\nBody.", None, None),  # too long for a headline
        ("Headline\n\nOn September 12, 2015 a crane fell.", "Headline", None),  # prose, not a dateline
    ],
)
def test_title_and_dateline_heuristics(text, title, date):
    a = article_from_text(text, id="x", source="x")
    assert (a.title, a.date, a.text) == (title, date, text)


@pytest.mark.parametrize(
    ("given", "iso"),
    [
        ("2015-09-12", "2015-09-12"),
        ("2015-09-12T14:03:00+03:00", "2015-09-12"),
        ("September 12, 2015", "2015-09-12"),
        ("Sept. 12, 2015", "2015-09-12"),
        ("12 September 2015", "2015-09-12"),
        ("Saturday, September 12, 2015", "2015-09-12"),
        ("Sat, 12 Sep 2015 10:00:00 GMT", "2015-09-12"),
        ("February 30, 2015", None),  # no such day
        ("yesterday", None),
    ],
)
def test_given_dates_are_normalised_to_iso(given, iso):
    assert article_from_text("Body text.", id="x", source="x", date=given).date == iso


def test_given_title_wins_and_blank_title_is_inferred():
    text = "Headline\n\nBody."
    assert article_from_text(text, id="x", source="x", title="  Given \n title ").title == "Given title"
    assert article_from_text(text, id="x", source="x", title="  ").title == "Headline"


def test_article_from_text_normalises_newlines_and_unicode():
    a = article_from_text("Cafe\u0301 opens\r\n\r\nIn Paris.\rToday.", id="x", source="x")
    assert a.text == "Café opens\n\nIn Paris.\nToday."
    assert a.sha256 == hashlib.sha256(a.text.encode("utf-8")).hexdigest()


def test_article_from_text_refuses_empty_text():
    with pytest.raises(InputError, match="empty text"):
        article_from_text(" \n\t", id="x", source="x")


# --- Markdown -------------------------------------------------------------------


def test_markdown_front_matter_gives_title_and_date_and_is_stripped():
    a = article(INPUTS / "front_matter.md")
    assert a.title == "Zelensky visits Downing Street: talks on air defence"
    assert a.date == "2023-05-15"  # YAML reads it as a date object
    assert a.text.startswith("# Zelensky in London\n\nUkraine's President")
    assert "*More to follow.*" in a.text  # markdown kept as is
    assert "author:" not in a.text


def test_markdown_without_front_matter_is_kept_whole(tmp_path):
    path = tmp_path / "rule.md"
    path.write_text("---\nJust a rule\n---\n\nText after.\n", encoding="utf-8")
    assert article(path).text == "---\nJust a rule\n---\n\nText after.\n"


def test_markdown_with_broken_front_matter_is_a_problem(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: Breaking: crane falls\n---\n\nText.\n", encoding="utf-8")
    assert "front matter is not valid YAML at line 2" in problem(path).message


# --- HTML: tests/test_html.py ---------------------------------------------------


# --- JSON Lines -----------------------------------------------------------------


def test_jsonl_reads_good_lines_and_names_bad_ones():
    path = INPUTS / "feed.jsonl"
    results = list(read_inputs([path]))
    articles = [r for r in results if isinstance(r, Article)]
    problems = [r.message for r in results if isinstance(r, InputProblem)]
    assert [(a.id, a.source, a.title, a.date, a.text) for a in articles] == [
        ("wire-1", "https://example.org/crane", "Crane collapse", "2015-09-12", "A crane fell in Mecca."),
        ("https://example.org/flag", "https://example.org/flag", None, "2015-05-07",
         "New Zealand will vote on its flag."),
        ("feed.jsonl#5", str(path.resolve()), None, None, "Pilgrims returned to the mosque."),
    ]
    assert len(problems) == 3
    assert problems[0].startswith("line 3: not valid JSON")
    assert problems[1] == 'line 6: no "text", "body" or "content" string: nothing to build'
    assert problems[2].startswith("line 7: not a JSON object")
    assert all(isinstance(r, InputProblem) and r.path == str(path) for r in results if r not in articles)


def test_count_inputs_counts_files_and_jsonl_lines(tmp_path):
    assert count_inputs([INPUTS]) == 2 + 6  # two files, six non-blank JSONL lines
    assert count_inputs([INPUTS, tmp_path / "missing"]) == len(list(read_inputs([INPUTS, tmp_path / "missing"])))


# --- encodings ------------------------------------------------------------------

TEXT = "Headline\n\n“Café” Zürich – naïve.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        TEXT.encode("utf-8-sig"),
        TEXT.encode("utf-16"),  # with BOM, native order
        b"\xff\xfe" + TEXT.encode("utf-16-le"),
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        TEXT.encode("cp1252"),  # Windows smart quotes and en dash
        TEXT.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "cp1252", "crlf"],
)
def test_encodings_decode_to_the_same_text(tmp_path, data):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    a = article(path)
    assert (a.text, a.title) == (TEXT, "Headline")


def test_latin1_falls_back_and_says_so(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Café in Zürich\x81".encode("latin-1"))  # 0x81 is undefined in cp1252
    warning, a = read_inputs([path])
    assert a.text == "Café in Zürich"  # \x81, a C1 control character, is dropped
    assert warning.legacy and warning.path == str(path)
    assert warning.message.startswith("not UTF-8 (3 bad sequence(s), first at byte 3): decoded whole as latin-1")


def test_utf8_with_a_few_bad_bytes_stays_utf8_with_a_warning(tmp_path):
    path = tmp_path / "a.txt"
    good = "José Zelensky’s “quote” in Kyiv — café. " * 20
    path.write_bytes(good.encode() + b"\xff stray \x92 bytes " + good.encode())
    warning, a = read_inputs([path])
    assert a.text == good + "\ufffd stray \ufffd bytes " + good  # not "JosÃ©"
    assert not warning.legacy
    first = len(good.encode())
    assert warning.message.startswith(f"2 byte sequence(s) not UTF-8, first at byte {first}: each replaced by U+FFFD")


def test_clean_utf8_gives_no_warning(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("José in Kyiv \ufffd already there.", encoding="utf-8")
    assert [type(r) for r in read_inputs([path])] == [Article]


def test_control_and_bidi_characters_are_dropped_when_reading(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Keir\x1b]0;owned\x07 Starmer met \u202eyksnelez\u202c in\x85 London.\fPage two.\tEnd.\n")
    a = article(path)
    assert a.text == "Keir]0;owned Starmer met yksnelez in London.\nPage two.\tEnd.\n"
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text('{"text": "A\\u0007B \\u2066C\\u2069", "title": "T\\u001b[2J\\u202eitle"}\n')
    (b,) = read_inputs([jsonl])
    assert (b.text, b.title) == ("AB C", "T[2Jitle")  # ESC goes, the rest is plain text


def test_bad_jsonl_lines_are_one_problem_each_and_the_rest_is_read(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join([
        '{"text": "First story."}',
        '{"text": "Lone \\ud800 surrogate."}',
        '{"text": "Pair \\ud83d\\ude00 is fine."}',
        '{"text": "unterminated',
        '{"title": "no text"}',
        '[' * 100_000,
        '{"text": "Last story.", "title": "bad \\udfff title"}',
        '{"text": "Really the last."}',
    ]) + "\n")
    results = list(read_inputs([path, INPUTS / "wikinews.txt"]))
    texts = [r.text for r in results if isinstance(r, Article)]
    assert texts[:3] == ["First story.", "Pair \U0001f600 is fine.", "Really the last."] and len(texts) == 4
    messages = [r.message for r in results if isinstance(r, InputProblem)]
    assert [m.split(":")[0] for m in messages] == ["line 2", "line 4", "line 5", "line 6", "line 7"]
    assert "lone surrogate" in messages[0] and "lone surrogate" in messages[4]


# --- bad inputs -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF document: convert it to text first (e.g. pdftotext)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (PNG image), not text: skipped"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "binary file (JPEG image), not text: skipped"),
        (b"PK\x03\x04\x14\x00", "ZIP archive (or .docx/.odt/.epub document)"),
        (gzip.compress(b"text"), "gzip-compressed file: decompress it first"),
        (b"text\x00with NUL", "binary file (contains NUL bytes)"),
        (b"", "empty file: nothing to build"),
        (b" \n\t\r\n  ", "empty file: nothing to build"),
    ],
    ids=["pdf", "png", "jpeg", "zip", "gzip", "nul", "empty", "whitespace"],
)
def test_unusable_files_are_problems(tmp_path, data, message):
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    assert problem(path).message.startswith(message)


def test_missing_path_is_a_problem(tmp_path):
    assert problem(tmp_path / "nope.txt").message == "no such file or folder: check the path"


def test_unreadable_file_is_a_problem(tmp_path, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("Text.")
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert problem(path).message == "cannot read it (Permission denied): check the file's permissions"


def test_data_files_are_not_articles(tmp_path):
    (tmp_path / "a.json").write_text('{"text": "x"}')
    (tmp_path / "a.gold.yaml").write_text("entities: {}")
    assert problem(tmp_path / "a.json").message.startswith("JSON file, not JSON Lines")
    assert problem(tmp_path / "a.gold.yaml").message.startswith("YAML file")


# --- folders, ids, strict mode --------------------------------------------------


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """A mixed folder: good files, bad files, hidden and YAML files to skip."""
    root = tmp_path / "news"
    (root / "2024").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD.txt").write_text("ref: main")
    (root / ".hidden.txt").write_text("Hidden.")
    (root / "b.txt").write_text("Story B.")
    (root / "a.md").write_text("Story A.")
    (root / "a.gold.yaml").write_text("entities: {}")
    (root / "2024" / "c.html").write_text("<p>Story C happened in the city.</p>")
    (root / "2024" / "empty.txt").write_text("")
    (root / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    (root / "notes").write_text("Notes without extension.")
    return root


def test_folder_yields_articles_and_problems_in_sorted_order(news):
    results = list(read_inputs([news]))
    assert [(r.id if isinstance(r, Article) else r.path) for r in results] == [
        "2024/c.html",
        str(news / "2024" / "empty.txt"),
        "a.md",
        "b.txt",
        str(news / "chart.png"),
        "notes",
    ]
    assert results[0].text == "Story C happened in the city."
    assert results[0].source == str(news / "2024" / "c.html")
    assert count_inputs([news]) == 6


def test_links_and_special_files_in_folders_are_problems(tmp_path):
    root = tmp_path / "news"
    root.mkdir()
    (root / "a.txt").write_text("Story A.")
    (root / "loop").symlink_to(root)
    (root / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    (root / "linked.txt").symlink_to(root / "a.txt")
    os.mkfifo(root / "pipe")
    results = {(r.id if isinstance(r, Article) else r.path): r for r in read_inputs([root])}
    assert isinstance(results["a.txt"], Article)
    assert results["linked.txt"].text == "Story A."  # links to files are read
    assert results[str(root / "loop")].message.startswith("symbolic link to a folder: not followed")
    assert results[str(root / "gone.txt")].message == "broken symbolic link: fix or remove it"
    assert results[str(root / "pipe")].message.startswith("not a regular file")


def test_ids_are_the_path_below_the_folder_given_however_it_is_typed(news, monkeypatch):
    first = [r.id for r in read_inputs([news]) if isinstance(r, Article)]
    assert first == ["2024/c.html", "a.md", "b.txt", "notes"]
    monkeypatch.chdir(news.parent)
    for typed in ("news", "news/", "./news", str(news), "news/../news"):
        assert [r.id for r in read_inputs([typed]) if isinstance(r, Article)] == first, typed
    monkeypatch.chdir(news)
    assert [r.id for r in read_inputs(["."]) if isinstance(r, Article)] == first
    assert [r.id for r in read_inputs(["b.txt", "./b.txt", str(news / "b.txt")])] == ["b.txt"]  # one file, read once
    assert [r.id for r in read_inputs(["b.txt", "a.md", "."]) if isinstance(r, Article)] == [
        "b.txt", "a.md", "2024/c.html", "notes"]  # files named directly are known by their names


def test_duplicate_ids_are_problems(tmp_path):
    for folder in ("one", "two"):
        (tmp_path / folder / "news").mkdir(parents=True)
        (tmp_path / folder / "news" / "a.txt").write_text(f"Story from {folder}.")
    results = list(read_inputs([tmp_path / "one" / "news", tmp_path / "two" / "news"]))
    assert isinstance(results[0], Article) and results[0].id == "a.txt"
    assert isinstance(results[1], InputProblem)
    assert results[1].path == str(tmp_path / "two" / "news" / "a.txt")
    assert results[1].message.startswith("duplicate id 'a.txt'")


def test_strict_mode_raises_at_the_first_problem_naming_the_file(news):
    with pytest.raises(InputError, match=r"empty\.txt: empty file: nothing to build"):
        list(read_inputs([news], strict=True))


def test_strict_mode_reads_good_inputs():
    assert [a.id for a in read_inputs([INPUTS / "wikinews.txt"], strict=True)] == ["wikinews.txt"]


# --- size -----------------------------------------------------------------------


def test_a_50_mb_file_is_one_article_within_a_few_times_its_size(tmp_path):
    path = tmp_path / "big.txt"
    paragraph = "A storm caused a crane to fall into the Grand Mosque in Mecca on Friday.\n\n"
    path.write_text(paragraph * (50_000_000 // len(paragraph)))
    size = os.path.getsize(path)
    tracemalloc.start()
    try:
        (a,) = read_inputs([path])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(a, Article) and len(a.text) == size
    assert peak < 4 * size


# --- a build never reads what it writes ----------------------------------------


def test_folder_walks_skip_stores_and_kg_outputs_and_report_other_file_types(tmp_path):
    import pyoxigraph as ox

    root = tmp_path / "articles"
    root.mkdir()
    (root / "a.txt").write_text("Story A.")
    ox.Store(str(root / "kg-store")).flush()  # a real RocksDB folder: CURRENT, OPTIONS-*, LOG
    (root / "other-store").mkdir()
    (root / "other-store" / "kg.pid").write_text("123")
    (root / "other-store" / "notes.txt").write_text("Not an article either.")
    (root / ".cache").mkdir()
    (root / ".cache" / "x.txt").write_text("Hidden.")
    (root / "graph.nq").write_text('<https://w3id.org/kg-news/id/person/a> <urn:p> "x" <urn:g> .\n')
    (root / "facts.jsonl").write_text('{"statement": "https://w3id.org/kg-news/doc/a#stmt-1"}\n')
    (root / "view.html").write_text('<html><head><meta name="generator" content="kg"></head><body>x</body></html>')
    (root / "graph-nodes.csv").write_text("Id,Label,Kind,Aliases,Documents,Mentions\n")
    (root / "budget.csv").write_text("year,amount\n2024,3\n")
    (root / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    (root / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "theirs.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    results = list(read_inputs([root]))
    articles = [Path(r.source).name for r in results if isinstance(r, Article)]
    problems = {Path(r.path).name: r.message for r in results if isinstance(r, InputProblem)}
    assert articles == ["a.txt"]
    assert sorted(problems) == ["budget.csv", "photo.png", "sheet.xlsx", "theirs.ttl"]
    assert problems["budget.csv"].startswith("data file (.csv), not an article: skipped")
    assert problems["theirs.ttl"].startswith("RDF or graph file (.ttl), not an article")
    assert count_inputs([root]) == 5


def test_a_folder_build_in_place_reads_only_the_articles(tmp_path, monkeypatch):
    from kg.store.graph_store import GraphStore

    (tmp_path / "a.txt").write_text("Story A.")
    monkeypatch.chdir(tmp_path)
    with GraphStore("kg-store"):  # the store is open (and locked) while the walk runs, as in `kg build .`
        assert [Path(r.source).name for r in read_inputs(["."])] == ["a.txt"]
