"""`newsld convert` on real-world sources, and the reliability cases: one bad input never costs a run."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsld.validation import validate_paths
from tests.conftest import FIXTURES, decoded, run_cli

SOURCES = FIXTURES / "sources"
ARTICLES = FIXTURES / "articles"
pytestmark = pytest.mark.nlp
STORY = ("The harbour master, Ines Valdez, said on Monday that 40 boats had been moved before the storm. "
         "\u201cWe were lucky this time,\u201d she said.\n")


def errors_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(("newsld: error:", "Error: "))]


def documents(folder: Path) -> dict[str, dict[str, Any]]:
    """Every JSON-LD output under a folder, by path relative to it."""
    return {p.relative_to(folder).as_posix(): json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(folder.rglob("*.jsonld"))}


@pytest.fixture(scope="module")
def sources_out(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[bytes]]:
    base = tmp_path_factory.mktemp("sources")
    for folder in ("pages", "feeds", "archives", "ninjs"):
        shutil.copytree(SOURCES / folder, base / "in" / folder)
    out = base / "out"
    return out, run_cli("convert", str(base / "in"), "-o", str(out), "--to", "jsonld", "--to", "turtle")


def test_every_source_type_converts_to_valid_traceable_files(
        sources_out: tuple[Path, subprocess.CompletedProcess[bytes]]) -> None:
    """Pages, feeds, archives and ninjs give valid files mirroring the inputs, each naming its source document."""
    out, proc = sources_out
    _, err = decoded(proc)
    assert proc.returncode == 3, err
    docs = documents(out)
    assert sorted(docs) == [
        "archives/crawl.warc.gz/3-courier-example-net-transport-2025-04-ferry-crews-walk-out.jsonld",
        "archives/crawl.warc.gz/5-valleypost-example-org-local-library-hours.jsonld",
        "archives/crawl.warc.gz/7-ledger-example-com-environment-carrow-reservoir-low.jsonld",
        "archives/crawl.warc/3-courier-example-net-transport-2025-04-ferry-crews-walk-out.jsonld",
        "archives/crawl.warc/5-valleypost-example-org-local-library-hours.jsonld",
        "archives/crawl.warc/7-ledger-example-com-environment-carrow-reservoir-low.jsonld",
        "feeds/council-notes/1-councillors-back-plan-for-twenty-new-allotments.jsonld",
        "feeds/council-notes/2-street-lighting-to-switch-to-led-by-spring.jsonld",
        "feeds/harbour-wire/1-lifeboat-station-gets-new-all-weather-boat.jsonld",
        "feeds/harbour-wire/2-fish-market-moves-to-earlier-opening.jsonld",
        "ninjs/bridge-repairs-1x.jsonld", "ninjs/harvest-festival-2x.jsonld",
        "pages/ferry-strike.jsonld", "pages/library-hours.jsonld", "pages/reservoir-levels.jsonld"]
    report = validate_paths([str(out)])
    assert report.ok and report.documents == 30, [i.message for i in report.issues][:3]
    for name, doc in docs.items():
        source = doc["derivedFrom"]
        assert (SOURCES / source["location"]).is_file() and name.startswith(source["location"].split(".")[0]), name
        assert len(source["sha256"]) == 64, name
        body = doc["articleBody"]
        for item in doc.get("claims", []) + doc.get("figures", []):
            assert body[item["evidence"]["start"]:item["evidence"]["end"]] == item["evidence"]["exact"]
    assert len(errors_of(err)) == 6  # listing, login wall, consent page, the listing in each archive, one feed entry


def test_page_output_carries_authors_time_and_record(sources_out: tuple[Path, Any]) -> None:
    """A page's article has its authors, its zoned publication time and, from an archive, its WARC record."""
    out, _ = sources_out
    doc = documents(out)["archives/crawl.warc.gz/3-courier-example-net-transport-2025-04-ferry-crews-walk-out.jsonld"]
    assert [a["name"] for a in doc["author"]] == ["Imogen Tarrant", "Kwame Asante"]
    assert doc["dateTimePublished"] == "2025-04-09T07:45:00+01:00" and doc["publisher"]["name"] == \
        "The Northwick Courier"
    source = doc["derivedFrom"]
    assert source["location"] == "archives/crawl.warc.gz" and source["recordId"] == \
        "<urn:uuid:00000000-0000-4000-8000-000000000002>"
    assert source["url"] == "https://courier.example.net/transport/2025/04/ferry-crews-walk-out"
    assert source["recordDate"].startswith("2025-09-01T12:00:02")
    feed = documents(out)["feeds/harbour-wire/2-fish-market-moves-to-earlier-opening.jsonld"]
    assert feed["derivedFrom"]["contentFrom"] == "summary"
    manifest = [json.loads(line) for line in (out / ".newsld" / "manifest.jsonl").read_text().splitlines()]
    assert [m["output"] for m in manifest] == sorted(m["output"] for m in manifest) and len(manifest) == 15


def test_hostile_inputs_each_cost_one_line(tmp_path: Path) -> None:
    """Binary, oversized, lying, consent-only pages; entity feeds; broken archives; wrong ninjs: one line each,
    nothing written for them, and the good article still converted."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(STORY)
    (inputs / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with (inputs / "huge.html").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    lie = "<meta charset='utf-8'><p>Caf\u00e9 prices rose, owners said.</p>"
    (inputs / "lie.html").write_bytes(lie.encode("latin-1"))
    shutil.copy(SOURCES / "pages" / "cookie-banner.html", inputs)
    (inputs / "laughs.rss").write_bytes(b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
                                        b"<rss><channel><item><title>&b;</title></item></channel></rss>")
    (inputs / "xxe.atom").write_bytes(b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY s SYSTEM "file:///etc/passwd">]>'
                                      b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&s;</title></entry></feed>')
    shutil.copy(SOURCES / "hostile" / "truncated-end.warc.gz", inputs / "cut.warc.gz")
    (inputs / "item.json").write_text(json.dumps({"uri": "urn:x", "headline": 7, "body_text": "Text."}))
    out = tmp_path / "out"
    proc = run_cli("convert", str(inputs), "-o", str(out), "--to", "jsonld")
    _, err = decoded(proc)
    assert proc.returncode == 3 and "Traceback" not in err
    lines = errors_of(err)
    expected = {"photo.html": "is a PNG image", "huge.html": "52,428,800 bytes", "lie.html": "declares charset 'utf-8'",
                "cookie-banner.html": "consent notice", "laughs.rss": "declares XML entities",
                "xxe.atom": "declares XML entities", "cut.warc.gz#13": "gzip member is truncated",
                "item.json": "ninjs 'headline' must be a string"}
    for name, message in expected.items():
        (line,) = [line for line in lines if f"/{name}:" in line or f"/{name} " in line]
        assert message in line, line
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.jsonld"))
    assert written == ["cut/3-courier-example-net-transport-2025-04-ferry-crews-walk-out.jsonld",
                       "cut/5-valleypost-example-org-local-library-hours.jsonld",
                       "cut/7-ledger-example-com-environment-carrow-reservoir-low.jsonld", "good.jsonld"]


# ---------------------------------------------------------------- issue 7: one bad input never costs a run

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_front_matter_costs_only_its_file(tmp_path: Path, jobs: str) -> None:
    """Impossible dates, clock values and 5,000-digit numbers in front matter: one line each, the rest written."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    bad = {"feb30.md": "2025-02-30", "month13.md": "2025-13-45", "clock.md": "25:61", "digits.md": "9" * 5000}
    for name, value in bad.items():
        (inputs / name).write_text(f"---\ndate: {value}\n---\n{STORY}")
    (inputs / "a-good.md").write_text(f"---\ndate: 2025-02-28\n---\n{STORY}")
    (inputs / "z-good.txt").write_text(STORY)
    out = tmp_path / "out"
    proc = run_cli("convert", str(inputs), "-o", str(out), "--to", "jsonld", "-j", jobs)
    _, err = decoded(proc)
    assert proc.returncode == 3 and "internal error" not in err
    lines = errors_of(err)
    assert len(lines) == 4 and all(any(f"/{name}:" in line for line in lines) for name in bad)
    assert sorted(p.name for p in out.glob("*.jsonld")) == ["a-good.jsonld", "z-good.jsonld"]
    assert "converted 2 article(s) to 2 file(s)" in err


def test_output_names_never_collide(tmp_path: Path) -> None:
    """a/x.txt, b/x.txt and c/x-2.txt are three outputs mirroring the tree, and the summary counts them."""
    inputs = tmp_path / "in"
    for name in ("a/x.txt", "b/x.txt", "c/x-2.txt"):
        (inputs / name).parent.mkdir(parents=True, exist_ok=True)
        (inputs / name).write_text(STORY.replace("40", str(len(name))))
    out = tmp_path / "out"
    proc = run_cli("convert", str(inputs), "-o", str(out), "-j", "2")
    _, err = decoded(proc)
    assert proc.returncode == 0, err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.*") if ".newsld" not in p.parts) == [
        "a/x.jsonld", "a/x.ttl", "b/x.jsonld", "b/x.ttl", "c/x-2.jsonld", "c/x-2.ttl"]
    assert "converted 3 article(s) to 6 file(s)" in err
    for order in ((inputs / "a" / "x.txt", inputs / "b" / "x.txt"), (inputs / "b" / "x.txt", inputs / "a" / "x.txt")):
        out2 = tmp_path / ("o-" + order[0].parent.name)
        one_by_one = run_cli("convert", *map(str, order), "-o", str(out2), "--to", "jsonld")
        assert one_by_one.returncode == 0, decoded(one_by_one)[1]
        # files given one by one that share a name keep the folders that tell them apart, in any order
        assert sorted(p.relative_to(out2).as_posix() for p in out2.rglob("*.jsonld")) == ["a/x.jsonld", "b/x.jsonld"]


def test_symlinks_out_of_the_tree_are_skipped(tmp_path: Path) -> None:
    """A link to a private file is skipped with a warning, never an articleBody; --follow-symlinks reads it."""
    secret = tmp_path / "private.txt"
    secret.write_text("The treasurer, Omar Haddad, said the password was swordfish.\n")
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "story.txt").write_text(STORY)
    (inputs / "netrc.txt").symlink_to(secret)
    out = tmp_path / "out"
    proc = run_cli("convert", str(inputs), "-o", str(out), "--to", "jsonld")
    _, err = decoded(proc)
    assert proc.returncode == 0 and "newsld: warning:" in err and "netrc.txt is a symbolic link" in err
    assert [p.name for p in out.glob("*.jsonld")] == ["story.jsonld"]
    proc = run_cli("convert", str(inputs), "-o", str(out), "--to", "jsonld", "--follow-symlinks")
    assert proc.returncode == 0 and sorted(p.name for p in out.glob("*.jsonld")) == ["netrc.jsonld", "story.jsonld"]


def test_max_chars_is_one_line(tmp_path: Path) -> None:
    """A text past --max-chars is refused in one line; the others convert; the default is documented in --help."""
    (tmp_path / "long.txt").write_text(STORY * 40)
    (tmp_path / "short.txt").write_text(STORY)
    out = tmp_path / "out"
    proc = run_cli("convert", str(tmp_path / "long.txt"), str(tmp_path / "short.txt"), "-o", str(out), "--max-chars",
                   "1000")
    (line,) = errors_of(decoded(proc)[1])
    assert proc.returncode == 3 and "long.txt: article text is" in line and "the limit is 1,000" in line
    assert [p.name for p in out.glob("*.jsonld")] == ["short.jsonld"]
    help_text = decoded(run_cli("convert", "--help"))[0]
    assert "--max-chars" in help_text and "2000000" in help_text


def test_stdout_into_head_exits_cleanly(tmp_path: Path) -> None:
    """`newsld convert -o - | head -1` stops quietly with exit 0, no BrokenPipeError."""
    for i in range(6):
        (tmp_path / f"a{i}.txt").write_text(STORY.replace("40", str(40 + i)))
    convert = subprocess.Popen([sys.executable, "-m", "newsld", "convert", str(tmp_path), "-o", "-", "--to",
                                "ntriples"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    head = subprocess.run(["head", "-1"], stdin=convert.stdout, capture_output=True, check=False)
    assert convert.stdout is not None and convert.stderr is not None
    convert.stdout.close()
    err = convert.stderr.read().decode()
    convert.stderr.close()
    assert convert.wait(timeout=120) == 0, err
    assert head.stdout.count(b"\n") == 1 and "BrokenPipe" not in err and "error" not in err


def test_bad_base_is_one_usage_error(tmp_path: Path) -> None:
    """An --base that cannot make valid IRIs is one usage error (exit 2) before any article is read."""
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY)
    for base in ("https://exa mple.org/", "https://example.org/<x>/", "example.org/"):
        proc = run_cli("convert", str(tmp_path), "-o", str(tmp_path / "out"), "--base", base)
        err = decoded(proc)[1]
        assert proc.returncode == 2 and len(errors_of(err)) == 1 and "--base" in err, err
        assert not (tmp_path / "out").exists()


def test_markdown_body_is_plain_text_in_the_output(tmp_path: Path) -> None:
    """articleBody of a Markdown article is its plain text; offsets point into it."""
    path = tmp_path / "roads.md"
    path.write_text("---\ntitle: Roads shut\n---\nThe **mayor** said [3 roads](http://x) were shut.\n\n"
                    "*Mayor Ruth Okonjo* added that crews would work overnight.\n")
    out = tmp_path / "out"
    assert run_cli("convert", str(path), "-o", str(out), "--to", "jsonld").returncode == 0
    doc = json.loads((out / "roads.jsonld").read_text())
    assert doc["articleBody"] == ("The mayor said 3 roads were shut.\n\n"
                                  "Mayor Ruth Okonjo added that crews would work overnight.\n")
    assert doc["derivedFrom"]["encodingFormat"] == "text/markdown"


def test_skip_existing_resumes_by_source_hash(tmp_path: Path) -> None:
    """A re-run with --skip-existing converts only new or changed sources; outputs of the others stay as they were."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(3):
        (inputs / f"a{i}.txt").write_text(STORY.replace("40", str(40 + i)))
    out = tmp_path / "out"
    assert run_cli("convert", str(inputs), "-o", str(out), "--to", "jsonld").returncode == 0
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.jsonld")}
    (inputs / "a1.txt").write_text(STORY.replace("40", "99"))
    (inputs / "a3.txt").write_text(STORY.replace("40", "77"))
    proc = run_cli("convert", str(inputs), "-o", str(out), "--to", "jsonld", "--skip-existing")
    _, err = decoded(proc)
    assert proc.returncode == 0 and "converted 2 article(s)" in err and "2 unchanged, skipped" in err, err
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("*.jsonld")}
    assert after["a0.jsonld"] == before["a0.jsonld"] and after["a2.jsonld"] == before["a2.jsonld"]
    assert after["a1.jsonld"] != before["a1.jsonld"] and "a3.jsonld" in after
    assert "99 boats" in json.loads((out / "a1.jsonld").read_text())["articleBody"]
    manifest = (out / ".newsld" / "manifest.jsonl").read_text().splitlines()
    assert len(manifest) == 4


def test_a_slow_article_holds_back_no_other(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long article is extracted in a batch of its own, after the results of the articles read before it."""
    from newsld import convert
    from newsld.convert import ConvertOptions, convert_sources
    from newsld.nlp import extract
    from newsld.sources.base import SourceText

    processed: list[int] = []
    real = extract.process

    def recording(nlp: Any, texts: list[str], *args: Any, **kwargs: Any) -> Any:
        processed.append(len(texts))
        return real(nlp, texts, *args, **kwargs)

    monkeypatch.setattr(extract, "process", recording)
    long_text = (STORY * (convert.LONG_TEXT // len(STORY) + 1))
    items = [SourceText("a", "a", STORY), SourceText("b", "b", STORY), SourceText("slow", "slow", long_text),
             SourceText("c", "c", STORY)]
    results = convert_sources(items, ConvertOptions(formats=("turtle",), output=None))
    first = next(results)
    assert first.source == "a" and processed == [2]  # the slow one has not been started
    rest = list(results)
    assert [r.source for r in rest] == ["b", "slow", "c"] and processed == [2, 1, 1]


def test_progress_bar_on_a_terminal_and_silence_elsewhere() -> None:
    """On a terminal the bar shows count, total, rate and ETA; elsewhere nothing is drawn."""
    from newsld.cli._progress import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    with Progress("converting", 4, stream=screen) as progress:
        progress.advance()
        progress.line("newsld: error: x.txt: is empty")
        progress.advance(failed=True)
        progress._bar.refresh()
    shown = screen.getvalue()
    assert "converting" in shown and "2/4" in shown and "articles/s" in shown and "ETA" in shown
    assert "newsld: error: x.txt: is empty" in shown
    plain = io.StringIO()
    with Progress("converting", 4, stream=plain) as progress:
        progress.advance()
        progress.line("newsld: error: y.txt: is empty")
    assert plain.getvalue() == "newsld: error: y.txt: is empty\n" and progress.done == 1


def test_load_reads_the_mirrored_output_tree(sources_out: tuple[Path, Any], tmp_path: Path) -> None:
    """`newsld load OUT` loads every article of a converted tree (nested folders, manifest left out)."""
    out, _ = sources_out
    proc = run_cli("load", str(out), "--store", str(tmp_path / "store"))
    _, err = decoded(proc)
    assert proc.returncode == 0 and "loaded 15 article(s)" in err, err  # JSON-LD and Turtle of each: one graph
