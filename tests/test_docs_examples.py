"""Every example the project shows is run: README.md and docs/*.md console examples, the tutorial's Python,
the ``Example:`` of every command's ``--help``, and every named query ``kg query --list`` shows.

Console blocks (```console, lines starting with ``$ kg``) run in order in one scratch folder (the README's
first block builds its ``kg-store``); each must exit 0, and the output lines the block shows must appear
(table borders and spacing aside; a line cut with "…" is checked up to the cut; numbers in a table row
or a line with timings -- "1.1s", "docs/s" -- are not compared: they follow the extractors and the
machine; "(...)" lines are commentary).  A shown line is looked for as part of a printed line, since
the terminal may wrap long ones.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *(ROOT / "docs" / name for name in
                              ("tutorial.md", "rdf.md", "ontology.md", "gold-format.md", "knowledge.md"))]

pytestmark = pytest.mark.model  # the first example builds the example article with the real model

_BOX = re.compile(r"[\u2500-\u257f]")  # box-drawing characters of rich tables
_TIMING = re.compile(r"\d\s*s\b|docs/s|words/s|ETA")
_NEEDS_BROWSER = re.compile(r"-o \S+\.png\b")
_SERVER = re.compile(r"^kg serve\b")  # runs until stopped: tests/test_serve.py starts and checks it


def console_examples(path: Path) -> list[tuple[str, list[str]]]:
    """(command, output lines shown) for each ``$ kg ...`` line of the console blocks of a Markdown file."""
    examples: list[tuple[str, list[str]]] = []
    inside = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = line.strip() in ("```console", "```shell-session")
            continue
        if not inside:
            continue
        if line.startswith("$ "):
            examples.append((line[2:].strip(), []))
        elif examples:
            examples[-1][1].append(line)
    return [(command, shown) for command, shown in examples if command.startswith("kg ") or " kg " in command]


def _plain(line: str) -> str:
    return " ".join(_BOX.sub(" ", line).split())


def _expected(line: str) -> str | re.Pattern[str] | None:
    """What of a shown output line must appear: text, a pattern (timing lines), or None (not checked)."""
    text = _plain(line)
    if not text or text.startswith("(") or text.startswith("building") or text == "…":
        return None
    text = text.split("…", 1)[0].strip()
    if _TIMING.search(text) or _BOX.search(line):  # timings vary; a table's counts follow the extractors
        return re.compile(re.sub(r"\\?\d[\d,.]*", r"[\\d,.]+", re.escape(text)))
    return text


def _without_comment(command: str) -> str:
    """The command without its trailing ``# comment`` (a ``#`` inside quotes stays)."""
    quote = None
    for i, ch in enumerate(command):
        if ch in "'\"" and quote in (None, ch):
            quote = None if quote == ch else ch
        elif ch == "#" and quote is None and (i == 0 or command[i - 1].isspace()):
            return command[:i].rstrip()
    return command


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> dict:
    """A scratch folder with the repository's examples, tests data and queries, and ``kg`` on PATH."""
    where = tmp_path_factory.mktemp("docs")
    for name in ("examples", "tests", "queries", "ontology"):
        (where / name).symlink_to(ROOT / name)
    bin_dir = where / ".bin"
    bin_dir.mkdir()
    shim = bin_dir / "kg"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m kg "$@"\n')
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "PYTHONPATH": str(ROOT),
           "COLUMNS": "400", "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("KG_STORE", None)
    return {"cwd": where, "env": env}


def run(scratch: dict, command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", command], cwd=scratch["cwd"], env=scratch["env"], capture_output=True,
                          text=True, timeout=600)


def problems(scratch: dict, command: str, shown: list[str]) -> list[str]:
    """What is wrong with one example: its exit code, or each shown line it did not print."""
    done = run(scratch, _without_comment(command))
    output = done.stdout + done.stderr
    if done.returncode != 0:
        return [f"`{command}` exited {done.returncode}:\n{output}"]
    lines = [_plain(line) for line in output.splitlines()]
    missing = []
    for line in shown:
        want = _expected(line)
        if want is None:
            continue
        if not any(want.search(got) if isinstance(want, re.Pattern) else want in got for got in lines):
            missing.append(f"`{command}` did not print {line.strip()!r}; it printed:\n{output}")
    return missing


def check(scratch: dict, command: str, shown: list[str]) -> None:
    wrong = problems(scratch, command, shown)
    assert not wrong, "\n".join(wrong)


def test_docs_have_examples():
    assert len(console_examples(ROOT / "README.md")) >= 20


def test_readme_and_docs_console_examples_run(scratch):
    ran, wrong = 0, []
    for path in DOCS:
        for command, shown in console_examples(path):
            if _NEEDS_BROWSER.search(command) and not shutil.which("chromium") and not os.environ.get("KG_CHROMIUM"):
                continue  # tests/test_viz.py checks the picture where Chromium is installed
            if _SERVER.search(command):
                continue
            wrong += [f"{path.name}: {problem}" for problem in problems(scratch, command, shown)]
            ran += 1
    assert not wrong, "\n\n".join(wrong)
    assert ran >= 20


def _help_examples() -> list[str]:
    from kg.cli import app
    import typer.main

    group = typer.main.get_command(app)
    found = []
    for name, command in sorted(group.commands.items()):
        found += re.findall(r"\[bold\](kg [^\[]+?)\[/\]", command.help or "")
    return found


def test_help_examples_run(scratch):
    examples = _help_examples()
    assert len(examples) >= 10
    (scratch["cwd"] / "my-knowledge").mkdir(exist_ok=True)  # an empty knowledge folder: kg's own knowledge
    builds = [e for e in examples if e.startswith("kg build")]
    removes = [e for e in examples if e.startswith("kg remove")]
    wrong = []
    for command in [*builds, "cp -r kg-store a", *(e for e in examples if e not in builds + removes), *removes]:
        # (store "a" is the one `kg load`'s example exports from)
        if _SERVER.search(command) or _NEEDS_BROWSER.search(command):
            continue  # a server runs until stopped; the picture needs Chromium (tests/test_viz.py)
        wrong += problems(scratch, command, [])
    run(scratch, "kg build examples/zelensky-downing-street.txt")  # what the remove example removed
    assert not wrong, "\n\n".join(wrong)


def test_every_named_query_exists_and_runs(scratch):
    from kg.analysis.query import available_queries

    run(scratch, "test -d kg-store || kg build examples/zelensky-downing-street.txt")
    listed = run(scratch, "kg query --list -f csv")
    assert listed.returncode == 0, listed.stderr
    names = {line.split(",", 1)[0] for line in listed.stdout.splitlines()[1:] if line}
    assert names == set(available_queries()) and len(names) >= 10
    for name, path in sorted(available_queries().items()):
        example = next((line.split("example:", 1)[1].strip() for line in path.read_text(encoding="utf-8").splitlines()
                        if line.startswith("# example:")), None)
        assert example and example.startswith(f"kg query {name}"), f"{path.name} needs a '# example: kg query {name}' line"
        check(scratch, example + " -f json", [])


def test_tutorial_python_runs(scratch):
    """The tutorial's Python blocks, in order, as one script in a fresh process (it registers rules and
    extractors, which must not leak into other tests); outputs in comments are illustrations."""
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8"), re.S)
    assert blocks
    if not shutil.which("chromium") and not os.environ.get("KG_CHROMIUM"):
        blocks = ["\n".join(line for line in block.splitlines() if "write_png" not in line) for block in blocks]
    script = scratch["cwd"] / "tutorial.py"
    script.write_text("\n\n".join(blocks), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=scratch["cwd"], env=scratch["env"], capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
