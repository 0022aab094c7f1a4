"""Read input files and folders into Articles, reporting bad inputs instead of crashing.

``read_inputs`` is the one way documents enter kg.  It walks folders (sorted;
hidden entries, graph stores and kg's own export outputs skipped, other files
that are not articles reported), recognises the format by extension (sniffing when the
extension says nothing), decodes whatever encoding the bytes are in, and turns
each document into an ``Article`` with the title and date it can find.  A file
(or JSONL line) it cannot use becomes an ``InputProblem`` saying what happened
and what to do, so one bad file never stops a build of thousands -- unless
``strict=True``, which raises ``InputError`` at the first problem.

Document ids: a file named directly is known by its name (``a.txt``), a file
found in a folder walk by its path below the folder given (``2024/a.txt`` for
``kg build news/``, ``kg build ./news`` or ``kg build /abs/news``, and for ``kg
build .`` inside ``news``), a JSONL line by its ``id`` or ``url``, else
``FILE#LINE``.  However a path is typed, the id is the same.

Formats: plain text (.txt, .text, no or unknown extension), Markdown with YAML
front matter (.md, .markdown: title, date, author), HTML (.html, .htm; also
sniffed: the article's main text, headline, author and date by trafilatura, see
kg/ingest/html.py), and JSON Lines (.jsonl, .ndjson: one article object per
line, with "text" and optional "id", "url", "title", "date", "author").  YAML
files are the gold annotations and settings kept beside documents: folder walks
skip them.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import yaml

from kg.errors import InputError
from kg.ingest.html import read_web_page
from kg.types import Article

__all__ = ["InputProblem", "InputWarning", "article_from_text", "count_inputs", "read_inputs"]


@dataclass(frozen=True)
class InputProblem:
    """An input that yields no Article: which file, and one line on what happened and what to do."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class InputWarning:
    """A document that is built, but not exactly as its bytes said: which file, and what was done.

    ``legacy`` marks a whole file decoded from a legacy encoding (not UTF-8), which the build summary counts.
    """

    path: str
    message: str
    legacy: bool = False

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


# --- public API ---------------------------------------------------------------


def read_inputs(
    paths: Iterable[str | Path], *, strict: bool = False
) -> Iterator[Article | InputProblem | InputWarning]:
    """Yield an Article per document found in ``paths``, an InputProblem per bad input,
    and an InputWarning (before its Article) per file not read exactly as written (bad bytes, legacy encoding).

    Files and folders are read in the order given, folders recursively in sorted
    order.  Ids are unique: a document whose id was already yielded is reported
    as a problem rather than silently overwriting the first.  With ``strict``
    the first problem raises ``InputError`` instead of being yielded.
    """
    seen: set[str] = set()
    for found in _documents(paths):
        items = [found] if isinstance(found, InputProblem) else _read_file(*found)
        for item in items:
            if isinstance(item, InputWarning):
                yield item
                continue
            if isinstance(item, Article):
                if item.id not in seen:
                    seen.add(item.id)
                    yield item
                    continue
                item = InputProblem(
                    str(found[0]),
                    f"duplicate id {item.id!r}: an earlier document already has it, so this one"
                    " is skipped -- give each document a unique id",
                )
            if strict:
                raise InputError(f"{item} (strict mode stops at the first bad input)")
            yield item


def count_inputs(paths: Iterable[str | Path]) -> int:
    """How many results ``read_inputs`` will yield, for a progress-bar total.

    One per file, per non-blank JSONL line and per bad path, counted without
    decoding or parsing anything, so it is quick even for large inputs.
    """
    total = 0
    for found in _documents(paths):
        if isinstance(found, InputProblem) or found[0].suffix.lower() not in _JSONL:
            total += 1
            continue
        try:
            with found[0].open("rb") as lines:
                total += sum(1 for line in lines if line.strip())
        except OSError:
            total += 1  # reading it will report the problem
    return total


def article_from_text(
    text: str, *, id: str, source: str, title: str | None = None, date: str | None = None,
    author: str | None = None,
) -> Article:
    """Build an Article from text: newlines and Unicode (NFC) normalised, sha256 of the UTF-8.

    A missing (or blank) title is taken from the text when its first line is a
    short headline followed by a blank line; the line stays in the text, so
    offsets remain offsets into the whole text.  A missing (or unrecognisable)
    date is taken from a dateline near the top.  Dates become YYYY-MM-DD.

    >>> a = article_from_text("Crane collapse\\n\\nSaturday, September 12, 2015\\n\\nA crane fell.",
    ...                       id="news/crane.txt", source="/data/news/crane.txt")
    >>> a.title, a.date
    ('Crane collapse', '2015-09-12')
    """
    text = _normalise(text)
    if not text or text.isspace():
        raise InputError("empty text: nothing to build")
    title = " ".join(_normalise(title).split()) if title else None
    author = " ".join(_normalise(author).split()) if author else None
    return Article(
        id=id,
        text=text,
        source=source,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        title=title or _title_line(text),
        date=(_iso_date(date) if date else None) or _dateline(text),
        author=author or None,
    )


# --- finding files --------------------------------------------------------------


def _documents(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str] | InputProblem]:
    """Each file to read with its id, or a problem for a path that is not one.

    A file reached twice (``kg build news/a.txt news/``) is read once, with the id it was first given.
    """
    seen: set[str] = set()
    for found in _named_documents(paths):
        if not isinstance(found, InputProblem):
            source = os.path.abspath(found[0])
            if source in seen:
                continue
            seen.add(source)
        yield found


def _named_documents(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str] | InputProblem]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, "")
        elif path.is_file():
            yield path, path.name
        elif path.exists():
            yield InputProblem(str(path), "not a regular file (device, pipe or socket): give a file or folder")
        else:
            yield InputProblem(str(path), "no such file or folder: check the path")


def _walk(folder: Path, id_prefix: str) -> Iterator[tuple[Path, str] | InputProblem]:
    """Files under ``folder`` in sorted order, each with its path below ``folder`` (after ``id_prefix``) as id.

    Hidden files and folders are skipped, and so are YAML files: they are the
    gold annotations (``NAME.gold.yaml``) and settings that sit beside documents.
    Symbolic links to folders are not followed (they can loop); links to files are.
    """
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as error:
        yield InputProblem(str(folder), f"cannot list the folder ({error.strerror}): check its permissions")
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.suffix.lower() in _YAML:
            continue
        entry_id = f"{id_prefix}/{entry.name}" if id_prefix else entry.name
        if entry.is_symlink() and entry.is_dir():
            yield InputProblem(str(entry), "symbolic link to a folder: not followed (give the folder itself)")
        elif entry.is_dir():
            if not _is_store(entry):
                yield from _walk(entry, entry_id)
        elif entry.is_file():
            if _is_kg_output(entry):
                continue
            if not_article := _not_an_article(entry):
                yield InputProblem(str(entry), not_article)
            else:
                yield entry, entry_id
        elif not entry.exists():
            yield InputProblem(str(entry), "broken symbolic link: fix or remove it")
        else:
            yield InputProblem(str(entry), "not a regular file (device, pipe or socket): skipped")


def _is_store(folder: Path) -> bool:
    """True for a graph store (kg's, or any RocksDB/Oxigraph folder): a build never reads what it writes."""
    try:
        names = {entry.name for entry in folder.iterdir()}
    except OSError:
        return False
    rocksdb = "CURRENT" in names and ("LOG" in names or any(n.startswith("OPTIONS-") for n in names))
    return rocksdb or bool(names & _STORE_MARKERS)


def _not_an_article(path: Path) -> str | None:
    """Why a file met in a folder walk is not an article (data, office, image, archive...), or None.

    When its first bytes say what it is (PDF, PNG, ZIP...), the message says that and what to do.
    """
    kind = _NOT_ARTICLE_TYPES.get(path.suffix.lower())
    if kind is None:
        return None
    try:
        with path.open("rb") as stream:
            head = stream.read(16)
    except OSError:
        head = b""
    known = next((message for magic, message in _MAGIC if head.startswith(magic)), None)
    return known or f"{kind} ({path.suffix.lower()}), not an article: skipped (give articles as .txt .md .html .jsonl)"


def _is_kg_output(path: Path) -> bool:
    """True for a file ``kg export`` or ``kg viz`` wrote (RDF, Gephi, tables, facts, the HTML view).

    Recognised by kg's own mark near the start, so an RDF or CSV file from
    elsewhere is still reported instead of vanishing silently.
    """
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    mark = _KG_OUTPUT_MARKS.get(suffixes[-1] if suffixes else "")
    if mark is None:
        return False
    try:
        with path.open("rb") as stream:
            head = stream.read(_SNIFF_BYTES)
        if path.suffix.lower() == ".gz":
            head = zlib.decompressobj(wbits=31).decompress(head, _SNIFF_BYTES)
    except (OSError, zlib.error):
        return False
    return any(m in head for m in mark)


# --- reading one file -----------------------------------------------------------

_JSONL = {".jsonl", ".ndjson"}
_YAML = {".yaml", ".yml"}
_NOT_ARTICLES = {  # text formats that hold data, not a document
    ".json": "JSON file, not JSON Lines: write one article object per line to a .jsonl file",
    **dict.fromkeys(_YAML, "YAML file (gold annotations or settings), not an article: give the document"),
}
_STORE_MARKERS = {"kg.pid", "kg.lock"}  # kg's own files in a store folder
# Extensions of files that are never articles; in a folder walk they are reported and skipped.
_NOT_ARTICLE_TYPES = {
    **dict.fromkeys((".csv", ".tsv", ".xls", ".xlsx", ".ods", ".parquet", ".sqlite", ".db"), "data file"),
    **dict.fromkeys((".doc", ".docx", ".odt", ".rtf", ".pdf", ".epub", ".ppt", ".pptx", ".pages"), "office document"),
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".tif", ".tiff", ".ico"), "image"),
    **dict.fromkeys((".mp3", ".wav", ".ogg", ".mp4", ".mov", ".avi", ".mkv", ".webm"), "audio or video file"),
    **dict.fromkeys((".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".zst"), "archive"),
    **dict.fromkeys((".nq", ".nt", ".ttl", ".trig", ".jsonld", ".rdf", ".owl", ".gexf", ".graphml"), "RDF or graph file"),
    **dict.fromkeys((".exe", ".so", ".dll", ".bin", ".pyc", ".o", ".class", ".jar", ".whl"), "binary file"),
}
# Files kg writes (kg export, kg viz), by extension: the marks one of them carries near its start.
_KG_IRIS = (b"https://w3id.org/kg-news/",)
_KG_OUTPUT_MARKS = {
    **dict.fromkeys((".nq", ".nt", ".ttl", ".trig", ".jsonld", ".gexf", ".graphml", ".jsonl"), _KG_IRIS),
    ".html": (b'<meta name="generator" content="kg">',),  # kg viz
    ".csv": (b"Id,Label,Kind,Aliases,Documents,", b"Source,Target,Type,Label,Weight,Sentence,"),  # kg export -f csv
}
_SNIFF_BYTES = 8192  # like git, look for NUL bytes in the first 8 KiB only

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_MAGIC = (
    (b"%PDF", "PDF document: convert it to text first (e.g. pdftotext) and build the .txt"),
    (b"\x89PNG\r\n\x1a\n", "binary file (PNG image), not text: skipped"),
    (b"\xff\xd8\xff", "binary file (JPEG image), not text: skipped"),
    (b"GIF87a", "binary file (GIF image), not text: skipped"),
    (b"GIF89a", "binary file (GIF image), not text: skipped"),
    (b"PK\x03\x04", "ZIP archive (or .docx/.odt/.epub document): extract it or save it as plain text first"),
    (b"\x1f\x8b", "gzip-compressed file: decompress it first (gunzip) and build the result"),
    (b"{\\rtf", "RTF document: save it as plain text first and build the .txt"),
)


def _read_file(path: Path, doc_id: str) -> Iterator[Article | InputProblem | InputWarning]:
    """The Article(s) in one file, or InputProblems for what cannot be read, after a warning on its decoding."""
    source = os.path.abspath(path)
    suffix = path.suffix.lower()
    try:
        if suffix in _NOT_ARTICLES:
            raise InputError(_NOT_ARTICLES[suffix])
        text, warning = _read_text(path)
        if warning is not None:
            yield warning
        if suffix in _JSONL:
            for item in _from_jsonl(text, doc_id, source):
                yield item if isinstance(item, Article) else InputProblem(str(path), item)
        elif suffix in {".md", ".markdown"}:
            yield _from_markdown(text, doc_id, source)
        elif suffix in {".html", ".htm"} or (
            suffix not in {".txt", ".text"} and re.match(r"\s*(?:<\?xml[^>]*\?>\s*)?<(?:!doctype\s+html|html)\b", text, re.I)
        ):
            yield _from_html(text, doc_id, source)
        else:
            yield article_from_text(text, id=doc_id, source=source)
    except InputError as problem:
        yield InputProblem(str(path), str(problem))


def _read_text(path: Path) -> tuple[str, InputWarning | None]:
    """The file's text, decoded and normalised, with a warning when the bytes were not clean;
    InputError if unreadable, binary or empty."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read it ({error.strerror}): check the file's permissions") from error
    for magic, message in _MAGIC:
        if data.startswith(magic):
            raise InputError(message)
    if b"\x00" in data[:_SNIFF_BYTES] and not data.startswith(tuple(bom for bom, _ in _BOMS)):
        raise InputError(
            "binary file (contains NUL bytes), not text: skipped"
            " (if it is UTF-16 text, save it with a BOM or as UTF-8)"
        )
    decoded = _decode(data)
    text = _normalise(decoded.text)
    if not text or text.isspace():
        raise InputError("empty file: nothing to build")
    warning = None if decoded.note is None else InputWarning(str(path), decoded.note, decoded.legacy)
    return text, warning


@dataclass(frozen=True)
class _Decoded:
    text: str
    note: str | None = None  # what was not clean, for a warning
    legacy: bool = False  # decoded whole from a legacy encoding


def _decode(data: bytes) -> _Decoded:
    """Decode bytes of unknown encoding, never failing, saying when they were not clean.

    A BOM decides (UTF-8, UTF-16, UTF-32).  Otherwise UTF-8: a file with a few
    bytes that are not UTF-8 stays UTF-8, each bad byte a replacement character
    (U+FFFD).  Only bytes that are clearly not UTF-8 -- more bad sequences than
    well-formed non-ASCII characters -- are decoded whole as cp1252 (Windows
    "smart quotes"), else latin-1, which accepts any byte.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _Decoded(data.decode(codec, errors="replace"))
    try:
        return _Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        first = error.start
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    well_formed = sum(1 for ch in text if ch > "\x7f") - text.count("\ufffd")
    if well_formed >= bad:
        return _Decoded(text, f"{bad} byte sequence(s) not UTF-8, first at byte {first}: each replaced by U+FFFD"
                              " (check the file; the rest is read as UTF-8)")
    for codec in ("cp1252", "latin-1"):
        try:
            return _Decoded(data.decode(codec), f"not UTF-8 ({bad} bad sequence(s), first at byte {first}):"
                                                f" decoded whole as {codec}; save it as UTF-8 if that is wrong",
                            legacy=True)
        except UnicodeDecodeError:
            pass
    raise AssertionError("latin-1 decodes any byte")


# C0 and C1 control characters but tab and newline (form feed and vertical tab are line breaks),
# the bidirectional overrides and isolates that make text display other than it reads, and the
# noncharacters (U+FDD0-U+FDEF, U+FFFE, U+FFFF), which no text carries and Turtle and XML refuse.
_UNSAFE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]")
_BREAKS = re.compile("[\x0b\x0c]")


def _normalise(text: str) -> str:
    """Newlines as ``\\n``, Unicode in NFC, control and bidi-override characters out, without copying clean text.

    Done when reading, so that every offset kg stores is an offset into the text it stores.

    >>> _normalise("A\\r\\nB\\x1b[31m\\u202eC\\x0cD")
    'A\\nB[31mC\\nD'
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _UNSAFE.search(text):
        text = _UNSAFE.sub("", text)
    if _BREAKS.search(text):
        text = _BREAKS.sub("\n", text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


# --- formats --------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)", re.S)


def _from_markdown(text: str, doc_id: str, source: str) -> Article:
    """Markdown: YAML front matter gives title/date and is cut off; the rest is kept as written."""
    match = _FRONT_MATTER.match(text)
    meta = None
    if match:
        try:
            meta = yaml.safe_load(match.group(1) or "") or {}
        except yaml.YAMLError as error:
            where = getattr(error, "problem_mark", None)
            at = f" at line {where.line + 2}" if where else ""
            raise InputError(
                f"front matter is not valid YAML{at}: fix it (quote values that contain ': ') or remove it"
            ) from error
    if not isinstance(meta, dict):  # no front matter, or "---" rules around prose
        return article_from_text(text, id=doc_id, source=source)
    title, date, author = meta.get("title"), meta.get("date"), meta.get("author")
    return article_from_text(
        text[match.end() :].lstrip("\n"),
        id=doc_id,
        source=source,
        title=None if title is None else str(title),
        date=None if date is None else str(date),
        author=None if author is None else str(author),
    )


def _from_html(text: str, doc_id: str, source: str) -> Article:
    """HTML: the article's main text, headline, author and date (kg/ingest/html.py), not the page around it."""
    page = read_web_page(text)
    return article_from_text(page.text, id=doc_id, source=source, title=page.title, date=page.date, author=page.author)


def _from_jsonl(text: str, file_id: str, source: str) -> Iterator[Article | str]:
    """JSON Lines: an Article per object, or a message naming the line for each bad one."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield f"line {number}: not valid JSON ({error.msg}, column {error.colno}): fix or remove the line"
            continue
        except RecursionError:
            yield f"line {number}: JSON nested too deeply to read: fix or remove the line"
            continue
        if _SURROGATE.search(line) and _SURROGATE.search(json.dumps(record, ensure_ascii=False)):
            yield (f"line {number}: a lone surrogate escape (\\ud800-\\udfff) is not a character:"
                   " fix the line (write the character itself, or a pair of escapes)")
            continue
        if not isinstance(record, dict):
            yield f'line {number}: not a JSON object: each line must be like {{"text": "..."}}'
            continue
        body = next((record[k] for k in ("text", "body", "content") if isinstance(record.get(k), str)), None)
        if body is None:
            yield f'line {number}: no "text", "body" or "content" string: nothing to build'
            continue
        given_id, url = record.get("id"), _string(record.get("url"))
        if isinstance(given_id, int) and not isinstance(given_id, bool):
            given_id = str(given_id)
        try:
            yield article_from_text(
                body,
                id=_string(given_id) or url or f"{file_id}#{number}",
                source=url or source,
                title=_string(record.get("title")),
                date=_string(record.get("date")) or _string(record.get("published")),
                author=_string(record.get("author")),
            )
        except InputError as error:
            yield f"line {number}: {error}"


_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}|[\ud800-\udfff]")  # as escaped in a line, or decoded


def _string(value: object) -> str | None:
    """A JSON field's value when it is a non-blank string, else None."""
    return value.strip() if isinstance(value, str) and value.strip() else None


# --- titles and dates -----------------------------------------------------------

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+"
_DAY = (
    r"(?:(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"  # 2015-09-12, 2015-09-12T10:00Z
    rf"|(?P<mon1>{_MONTHS})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})(?!\d)"  # Sept. 12, 2015
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon2>{_MONTHS})\.?,?\s+(?P<y2>\d{{4}})(?!\d))"  # 12 September 2015
)
_DAY_GROUPS = (("y", "m", "d"), ("y1", "mon1", "d1"), ("y2", "mon2", "d2"))  # year, month, day per form
_DATE_START = re.compile(rf"(?:{_WEEKDAY})?{_DAY}", re.I)
# Datelines: a line that is only a date (an optional label, the date, an optional
# time of day), or a date with its weekday opening or closing a line, as in
# Wikinews: "Thursday, May 7, 2015 On Tuesday, ..." and "<headline> Tuesday, September 1, 2015".
_DATELINE = re.compile(
    rf"(?:(?:published|updated|posted|dated?)\b:?\s*)?(?:{_WEEKDAY})?{_DAY}"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?[a-z]{2,5}\)?)?)?\.?",
    re.I,
)
_DATE_OPENING = re.compile(rf"{_WEEKDAY}{_DAY}(?=\s)", re.I)
_DATE_CLOSING = re.compile(rf"\s{_WEEKDAY}{_DAY}\.?$", re.I)
_DATE_CLOSING_MAX = 50  # characters: " Wednesday, September 30th, 2015." with room to spare
_DATELINE_LINES = 5  # datelines sit in the first few non-blank lines
_TITLE_MAX = 120


def _iso_date(value: str) -> str | None:
    """The date ``value`` starts with (ISO timestamp, "September 12, 2015", ...) as YYYY-MM-DD, or None."""
    return _match_date(_DATE_START.match(value.strip()))


def _match_date(match: re.Match[str] | None) -> str | None:
    """A match of a date pattern as YYYY-MM-DD, or None when there is none or it is no real day (Feb 30)."""
    if not match:
        return None
    year, month, day = next((match[y], match[m], match[d]) for y, m, d in _DAY_GROUPS if match[y])
    if not month.isdigit():
        month = "jan feb mar apr may jun jul aug sep oct nov dec".split().index(month[:3].lower()) + 1
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _dateline(text: str) -> str | None:
    """The date of a dateline in the first few lines ("Saturday, September 12, 2015"), if any.

    Works on positions, not line copies, so a 50 MB one-line text costs nothing.
    """
    for line in islice(re.finditer(r"\S(?:[^\n]*\S)?", text), _DATELINE_LINES):
        start, end = line.span()
        match = (
            _DATELINE.fullmatch(text, start, end)
            or _DATE_OPENING.match(text, start, end)
            or _DATE_CLOSING.search(text, max(start, end - _DATE_CLOSING_MAX), end)
        )
        if date := _match_date(match):
            return date
    return None


def _title_line(text: str) -> str | None:
    """The first line when it looks like a headline: short, no final period, blank line after, not a date.

    A Markdown heading marker ("# ") and a closing dateline are not part of the title.
    """
    match = re.match(rf"\s*([^\n]{{1,{_TITLE_MAX + _DATE_CLOSING_MAX}}})\n[^\S\n]*\n", text)
    if not match:
        return None
    line = re.sub(r"^#{1,6}\s+", "", match[1].strip())
    if closing := _DATE_CLOSING.search(line):
        line = line[: closing.start()].rstrip()
    if not line or len(line) >= _TITLE_MAX or line.endswith(".") or _DATELINE.fullmatch(line):
        return None
    return line
