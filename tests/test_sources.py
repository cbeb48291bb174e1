"""Readers and input discovery, without the NLP: what each source type yields, and how bad inputs are refused."""

from __future__ import annotations

import gzip
import io
import os
import random
import time
from pathlib import Path, PurePosixPath

import pytest

from newsld.errors import InputError
from newsld.sources import Found, Limits, Part, Skipped, SourceText, discover, plan_outputs, read_part, read_path
from newsld.sources.base import normalise_date, split_byline
from newsld.sources.feeds import refuse_entities
from newsld.sources.html import decode_page, read_page
from newsld.sources.markdown import load_front_matter, markdown_text
from newsld.sources.readers import EXTENSIONS
from newsld.sources.warc import raw_records
from tests.conftest import FIXTURES

SOURCES = FIXTURES / "sources"
PAGES = SOURCES / "pages"


def items(path: Path, limits: Limits | None = None) -> list[SourceText | InputError | Skipped]:
    return list(read_path(path, limits))


def texts(path: Path) -> list[SourceText]:
    return [i for i in items(path) if isinstance(i, SourceText)]


# ---------------------------------------------------------------- discovery

def test_directories_are_walked_sorted_without_hidden_entries(tmp_path: Path) -> None:
    """A folder's files come in sorted order with their relative paths; hidden files and folders are left out."""
    for name in ("b/z.txt", "a/y.md", "c.txt", ".git/config.txt", "a/.draft.txt", "notes.docx"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [f for f in discover([str(tmp_path)], EXTENSIONS) if isinstance(f, Found)]
    assert [f.relative.as_posix() for f in found] == ["a/y.md", "b/z.txt", "c.txt"]


def test_symlink_out_of_the_tree_is_skipped_with_a_warning(tmp_path: Path) -> None:
    """A link inside an input folder to a file outside it is not read unless follow_symlinks is given."""
    secret = tmp_path / "secret.txt"
    secret.write_text("machine example.org login me password hunter2")
    tree = tmp_path / "in"
    tree.mkdir()
    (tree / "story.txt").write_text("A story.")
    (tree / "netrc.txt").symlink_to(secret)
    (tree / "inside.txt").symlink_to(tree / "story.txt")
    found = list(discover([str(tree)], EXTENSIONS))
    assert [f.relative.as_posix() for f in found if isinstance(f, Found)] == ["inside.txt", "story.txt"]
    (warning,) = [f for f in found if isinstance(f, Skipped)]
    assert warning.warn and "outside" in warning.reason and "--follow-symlinks" in warning.reason
    followed = [f for f in discover([str(tree)], EXTENSIONS, follow_symlinks=True) if isinstance(f, Found)]
    assert [f.relative.as_posix() for f in followed] == ["inside.txt", "netrc.txt", "story.txt"]


def test_symlink_loops_are_detected(tmp_path: Path) -> None:
    """A link back to a folder being walked is reported once and the walk ends (even when following links)."""
    tree = tmp_path / "in"
    (tree / "sub").mkdir(parents=True)
    (tree / "sub" / "a.txt").write_text("A story.")
    (tree / "sub" / "again").symlink_to(tree)
    for follow in (False, True):
        found = list(discover([str(tree)], EXTENSIONS, follow_symlinks=follow))
        assert [f.relative.as_posix() for f in found if isinstance(f, Found)] == ["sub/a.txt"]
        assert any(isinstance(f, Skipped) and "loop" in f.reason for f in found)


def test_glob_matches_are_relative_to_the_pattern_base(tmp_path: Path) -> None:
    """A glob's matches mirror the tree below its wildcard-free part; no match is one error."""
    (tmp_path / "2024" / "01").mkdir(parents=True)
    (tmp_path / "2024" / "01" / "x.txt").write_text("x")
    found = list(discover([str(tmp_path / "**" / "*.txt")], EXTENSIONS))
    assert [f.relative.as_posix() for f in found if isinstance(f, Found)] == ["2024/01/x.txt"]
    (error,) = discover([str(tmp_path / "*.md")], EXTENSIONS)
    assert isinstance(error, InputError) and "matches no files" in str(error)


def test_validation_keeps_its_expand_paths() -> None:
    """validate's helper still finds files, through the shared discovery."""
    from newsld.validation import expand_paths

    assert sorted(p.name for p in expand_paths([str(FIXTURES / "valid")]) if isinstance(p, Path)) == sorted(
        p.name for p in (FIXTURES / "valid").iterdir() if p.suffix in (".jsonld", ".jsonl", ".ttl", ".nq"))


# ---------------------------------------------------------------- output names

def test_output_names_mirror_the_tree_whatever_the_order(tmp_path: Path) -> None:
    """a/x.txt, b/x.txt and c/x-2.txt keep distinct names, the same in any order of discovery."""
    found = [Found(tmp_path / r, PurePosixPath(r)) for r in ("a/x.txt", "b/x.txt", "c/x-2.txt", "d/feed.rss")]
    names = {p.found.relative.as_posix(): p.output for p in plan_outputs(found)[0]}
    assert names == {"a/x.txt": "a/x", "b/x.txt": "b/x", "c/x-2.txt": "c/x-2", "d/feed.rss": "d/feed"}
    for _ in range(5):
        random.shuffle(found)
        assert {p.found.relative.as_posix(): p.output for p in plan_outputs(found)[0]} == names


def test_inputs_sharing_a_stem_keep_their_whole_names(tmp_path: Path) -> None:
    """x.txt beside x.md become x.txt.* and x.md.*; an archive beside a folder of its name keeps its suffix."""
    found = [Found(tmp_path / r, PurePosixPath(r)) for r in ("x.txt", "x.md", "crawl.warc.gz", "crawl/y.txt")]
    names = {p.found.relative.as_posix(): p.output for p in plan_outputs(found)[0]}
    assert names == {"x.txt": "x.txt", "x.md": "x.md", "crawl.warc.gz": "crawl.warc.gz", "crawl/y.txt": "crawl/y"}


def test_files_with_one_name_from_two_folders_keep_their_folders(tmp_path: Path) -> None:
    """Two x.txt given one by one from different folders become a/x and b/x, whatever the order."""
    a = Found(tmp_path / "a" / "x.txt", PurePosixPath("x.txt"))
    b = Found(tmp_path / "b" / "x.txt", PurePosixPath("x.txt"))
    for found in ([a, b], [b, a]):
        parts, errors = plan_outputs(found)
        assert errors == [] and sorted(p.output for p in parts) == ["a/x", "b/x"]
    deep = [Found(tmp_path / "2024" / "news" / "x.txt", PurePosixPath("x.txt")),
            Found(tmp_path / "2025" / "news" / "x.txt", PurePosixPath("x.txt"))]
    parts, errors = plan_outputs(deep)
    assert errors == [] and sorted(p.output for p in parts) == ["2024/news/x", "2025/news/x"]


# ---------------------------------------------------------------- text, Markdown, front matter

def test_markdown_is_analysed_as_plain_text() -> None:
    """Emphasis, links, images and inline HTML are markup: the article text is the words, paragraphs kept."""
    body = ("# Roads closed\n\nThe **mayor** said [3 roads](http://x) were shut\nafter the <b>storm</b>.\n\n"
            "- Bridge Street\n- Mill Lane ![map](m.png)\n\n> “Stay home,” she said.\n")
    assert markdown_text(body) == ("Roads closed\n\nThe mayor said 3 roads were shut after the storm.\n\n"
                                   "Bridge Street\n\nMill Lane\n\n“Stay home,” she said.\n")
    assert markdown_text("The **mayor** said [3 roads](http://x) were shut") == "The mayor said 3 roads were shut\n"


@pytest.mark.parametrize("value", ["2025-02-30", "2025-13-45", "25:61", "9" * 5000, "2025-02-30T10:00:00Z"])
def test_bad_front_matter_dates_are_input_errors(tmp_path: Path, value: str) -> None:
    """Impossible dates, clock-like values and 5,000-digit numbers are one InputError naming the file."""
    path = tmp_path / "bad.md"
    path.write_text(f"---\ndate: {value}\n---\nThe council met on Monday.\n")
    (error,) = items(path)
    assert isinstance(error, InputError) and error.source == str(path)
    assert "is not a date" in error.problem or "characters long" in error.problem


def test_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    """A front-matter alias bomb is refused without being expanded (no memory blow-up)."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    path = tmp_path / "bomb.md"
    path.write_text("---\n" + "\n".join(lines) + "\ndate: *a8\n---\nBody.\n")
    started = time.perf_counter()
    (error,) = items(path)
    assert isinstance(error, InputError) and "refuses YAML aliases" in error.problem
    assert time.perf_counter() - started < 5


def test_front_matter_values_are_bounded_before_formatting(tmp_path: Path) -> None:
    """A huge or nested metadata value is refused by its size or type, never printed whole."""
    path = tmp_path / "big.md"
    path.write_text("---\ntitle: " + "x" * 10_000 + "\n---\nBody text.\n")
    (error,) = items(path)
    assert isinstance(error, InputError) and "10,000 characters" in error.problem and len(str(error)) < 300
    path.write_text("---\ntitle: " + "x" * 100_000 + "\n---\nBody text.\n")
    (error,) = items(path)
    assert isinstance(error, InputError) and "front matter is 100,007 characters" in error.problem
    nested = tmp_path / "nested.md"
    nested.write_text("---\ntitle: {a: [1, 2, {b: 3}]}\n---\nBody text.\n")
    (error,) = items(nested)
    assert isinstance(error, InputError) and "must be text, found dict" in error.problem


def test_front_matter_authors_and_times(tmp_path: Path) -> None:
    """author/byline keys give authors; a date-time with a zone is kept, one without a zone becomes its date."""
    path = tmp_path / "a.md"
    path.write_text("---\nbyline: By Ann Lee and Tom Cruz\ndate: 2025-03-14T08:30:00+01:00\n---\nBody.\n")
    (item,) = texts(path)
    assert item.authors == ("Ann Lee", "Tom Cruz") and item.meta["datePublished"] == "2025-03-14T08:30:00+01:00"
    assert normalise_date("2025-03-14T08:30:00", "x") == "2025-03-14"
    assert normalise_date("Tue, 13 May 2025 09:15:00 +0100", "x") == "2025-05-13T09:15:00+01:00"
    assert split_byline("By Imogen Tarrant, Kwame Asante & Li Wei") == ["Imogen Tarrant", "Kwame Asante", "Li Wei"]


def test_front_matter_loader_keeps_scalars_as_text() -> None:
    """Front matter values are strings (no YAML 1.1 typing), so checks see what the author wrote."""
    assert load_front_matter("date: 2025-02-03\ncount: 0o17\nflag: yes\n", "x") == {
        "date": "2025-02-03", "count": "0o17", "flag": "yes"}


def test_max_chars_refuses_long_text_in_one_line(tmp_path: Path) -> None:
    """A text past the --max-chars limit is one error saying the length and the limit."""
    path = tmp_path / "long.txt"
    path.write_text("word " * 3000)
    (error,) = items(path, Limits(max_chars=10_000))
    assert isinstance(error, InputError) and "15,000 characters long; the limit is 10,000 (raise it with --max-chars)" \
        in error.problem


def test_plain_text_provenance(tmp_path: Path) -> None:
    """A text file's source document is its relative path, the SHA-256 of its bytes and text/plain."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"The mayor spoke.\n")
    (item,) = texts(path)
    assert item.origin is not None and item.origin.location == "a.txt" and item.origin.media_type == "text/plain"
    assert item.origin.sha256 == __import__("hashlib").sha256(b"The mayor spoke.\n").hexdigest()


def test_an_unexpected_failure_while_reading_costs_only_that_input(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Any exception inside a reader becomes an InputError naming the input, never a crash."""
    from newsld.sources import markdown

    def broken(body: str) -> str:
        raise ValueError("simulated reader bug")

    monkeypatch.setattr(markdown, "markdown_text", broken)
    path = tmp_path / "a.md"
    path.write_text("Body.\n")
    (error,) = items(path)
    assert isinstance(error, InputError) and "could not be read (ValueError: simulated reader bug)" in str(error)


# ---------------------------------------------------------------- web pages

def test_page_metadata_comes_from_the_page() -> None:
    """JSON-LD gives headline, zoned date-time, authors and publisher; the canonical link the URL; lang the language."""
    page = (PAGES / "ferry-strike.html").read_bytes()
    item = read_page(page, "p", "p", "pages/ferry-strike.html", Limits())
    assert item.meta == {"headline": "Ferry crews walk out over rota changes",
                         "datePublished": "2025-04-09T07:45:00+01:00",
                         "url": "https://courier.example.net/transport/2025/04/ferry-crews-walk-out",
                         "publisher": "The Northwick Courier", "inLanguage": "en-GB"}
    assert item.authors == ("Imogen Tarrant", "Kwame Asante")
    assert item.text.startswith("Ferry crews walk out over rota changes\n\nAbout 180 crew members")
    assert "Related stories" not in item.text and "nobody listens" not in item.text and "Privacy" not in item.text
    assert "By Imogen Tarrant" not in item.text


def test_microdata_and_opengraph_pages() -> None:
    """Microdata (a windows-1252 page) and OpenGraph-only pages give their dates, authors and URLs."""
    library = read_page((PAGES / "library-hours.html").read_bytes(), "p", "p", "x", Limits())
    assert library.meta["datePublished"] == "2025-02-21T16:05:00-05:00" and library.authors == ("Rosa Delgado",)
    assert "Tomás Ferreira" in library.text and library.meta["publisher"] == "Valley Post"
    reservoir = read_page((PAGES / "reservoir-levels.html").read_bytes(), "p", "p", "x", Limits())
    assert reservoir.meta["datePublished"] == "2025-08-17T18:30:00Z" and reservoir.authors == ("Priya Natarajan",)
    assert "publisher" not in reservoir.meta  # a host name is not a publisher's name
    assert reservoir.text.count("\n\n") == 3 and "Sign up" not in reservoir.text


@pytest.mark.parametrize("name, message", [
    ("listing.html", "has no article text"),
    ("login-wall.html", "has no article text"),
    ("cookie-banner.html", "holds only a cookie or consent notice"),
])
def test_pages_without_article_text_are_reported(name: str, message: str) -> None:
    """Listings, login walls and consent pages are one error each, not an article."""
    (error,) = items(PAGES / name)
    assert isinstance(error, InputError) and message in error.problem and error.source.endswith(name)


def test_binary_and_oversized_pages_are_refused(tmp_path: Path) -> None:
    """A PNG saved as .html, and a 50 MB page, are refused before parsing, by kind and by size."""
    png = tmp_path / "photo.html"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (error,) = items(png)
    assert isinstance(error, InputError) and "is a PNG image, not an HTML page" in error.problem
    big = tmp_path / "big.html"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (error,) = items(big)
    assert isinstance(error, InputError) and "52,428,800 bytes" in error.problem and "--max-bytes" in error.problem


def test_charset_lies_are_refused_not_garbled() -> None:
    """A page whose bytes contradict its declared charset is refused, naming the charset."""
    utf8_says_latin = "<meta charset='iso-8859-1'><p>Caf\u00e9 owners said prices rose.</p>".encode()
    with pytest.raises(InputError, match="declares charset 'iso-8859-1' but its bytes are UTF-8"):
        decode_page(utf8_says_latin, "p.html")
    latin_says_utf8 = "<meta charset='utf-8'><p>Caf\u00e9 owners</p>".encode("latin-1")
    with pytest.raises(InputError, match=r"declares charset 'utf-8' but byte 28 \(0xe9\) is not valid utf-8"):
        decode_page(latin_says_utf8, "p.html")
    with pytest.raises(InputError, match="unknown charset 'x-klingon'"):
        decode_page(b"<meta charset='x-klingon'><p>x</p>", "p.html")
    undeclared = "<p>Caf\u00e9</p>"  # no declaration: the HTML standard's default, windows-1252
    assert decode_page(undeclared.encode("cp1252"), "p.html") == undeclared


# ---------------------------------------------------------------- feeds

def test_rss_entries_from_content_else_summary() -> None:
    """One article per entry: full content where present, else the summary, and provenance says which."""
    found = items(SOURCES / "feeds" / "harbour-wire.rss")
    first, second = (i for i in found if isinstance(i, SourceText))
    assert first.origin is not None and first.origin.content_from == "content"
    assert first.text.startswith("The Porthallow lifeboat station") and "\n\n" in first.text
    assert first.meta["datePublished"] == "2025-05-13T09:15:00+01:00" and first.authors == ("Eilidh MacRae",)
    assert first.meta["publisher"] == "Harbour Wire" and first.meta["inLanguage"] == "en-gb"
    assert first.origin.record_id == "harbourwire-2025-0412" and first.output == \
        "harbour-wire/1-lifeboat-station-gets-new-all-weather-boat"
    assert second.origin is not None and second.origin.content_from == "summary"
    (error,) = [i for i in found if isinstance(i, InputError)]
    assert "#3 (Harbour photo gallery): entry has neither content nor a summary" in str(error)


def test_atom_entries() -> None:
    """Atom entries give title, link, published date with its zone, author and language."""
    first, second = texts(SOURCES / "feeds" / "council-notes.atom")
    assert first.meta["url"] == "https://councilnotes.example.com/2025/09/allotments"
    assert first.meta["datePublished"] == "2025-09-02T19:30:00+02:00" and first.authors == ("Anouk de Vries",)
    assert second.meta["datePublished"] == "2025-09-03T16:45:00+02:00"  # no published date: updated
    assert second.origin is not None and second.origin.content_from == "summary"


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss version="2.0"><channel><title>t</title><item><title>&lol3;</title><description>&lol3;</description></item>
</channel></rss>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>t</title><item><title>x</title><description>&secret;</description></item>
</channel></rss>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://203.0.113.9/evil.dtd">
<rss version="2.0"><channel><title>t</title></channel></rss>"""


@pytest.mark.parametrize("data, message", [(BILLION_LAUGHS, "declares XML entities"),
                                           (EXTERNAL, "declares XML entities"),
                                           (EXTERNAL_DTD, "names an external DTD")],
                         ids=["billion-laughs", "external-entity", "external-dtd"])
def test_feeds_with_entities_are_refused(tmp_path: Path, data: bytes, message: str,
                                         no_network: list[object]) -> None:
    """Entity declarations and external DTDs are refused before parsing: no expansion, no file or network access."""
    path = tmp_path / "feed.rss"
    path.write_bytes(data)
    (error,) = items(path)
    assert isinstance(error, InputError) and message in error.problem and error.source == str(path)
    assert no_network == []
    with pytest.raises(InputError):
        refuse_entities(data, "x")


def test_a_feed_that_is_not_a_feed(tmp_path: Path) -> None:
    """An .xml file that is no RSS or Atom is one error."""
    path = tmp_path / "notes.xml"
    path.write_bytes(b"<?xml version='1.0'?><notes><note>hello</note></notes>")
    (error,) = items(path)
    assert isinstance(error, InputError) and "is not an RSS or Atom feed" in error.problem


# ---------------------------------------------------------------- web archives

ARCHIVES = SOURCES / "archives"
HOSTILE = SOURCES / "hostile"


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_html_responses_are_articles_with_their_record(name: str) -> None:
    """Each HTML 200 response is an article with its target URI, record id and date; other records are skipped."""
    found = items(ARCHIVES / name)
    articles = [i for i in found if isinstance(i, SourceText)]
    assert [a.output.split("/")[1] for a in articles] == [
        "3-courier-example-net-transport-2025-04-ferry-crews-walk-out",
        "5-valleypost-example-org-local-library-hours", "7-ledger-example-com-environment-carrow-reservoir-low"]
    origin = articles[0].origin
    assert origin is not None and origin.url == "https://courier.example.net/transport/2025/04/ferry-crews-walk-out"
    assert origin.record_id == "<urn:uuid:00000000-0000-4000-8000-000000000002>"
    assert origin.record_date == "2025-09-01T12:00:02Z" and origin.media_type == "text/html"
    assert origin.sha256 == __import__("hashlib").sha256((SOURCES / "pages" / "ferry-strike.html").read_bytes()
                                                        ).hexdigest()
    reasons = sorted(i.reason for i in found if isinstance(i, Skipped))
    assert reasons == ["HTTP 301 response", "application/pdf response", "image/png response", "metadata record",
                       "request record", "request record", "request record", "revisit record", "warcinfo record"]
    (listing,) = [i for i in found if isinstance(i, InputError)]
    assert "#8 (https://courier.example.net/transport): has no article text" in str(listing)


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_framing_agrees_with_fastwarc(name: str) -> None:
    """Our record framing finds exactly fastwarc's records: same ids, types, lengths and payload bytes."""
    from fastwarc.warc import ArchiveIterator

    with (ARCHIVES / name).open("rb") as handle:
        theirs = [(r.record_id, str(r.record_type), r.content_length, r.reader.read())
                  for r in ArchiveIterator(handle, parse_http=False, fsspec_args=False)]
    ours = []
    for raw in raw_records(ARCHIVES / name, Limits(max_bytes=10 ** 9)):
        block = raw.data.partition(b"\r\n\r\n")[2][:-4] if raw.data is not None else None
        ours.append((raw.header["warc-record-id"], raw.type, raw.length, block))
    assert [(i, t, n) for i, t, n, _ in ours] == [(i, t, n) for i, t, n, _ in theirs]
    assert [b for *_, b in ours if b is not None] == [b for (_, t, *_), (*_, b) in zip(ours, theirs, strict=True)
                                                      if t == "response"]


@pytest.mark.parametrize("name, number, message, articles", [
    ("truncated-end.warc.gz", 13, "the gzip member is truncated", 3),
    ("truncated-record.warc.gz", 5, "the gzip member is corrupt", 2),
    ("corrupt-member.warc.gz", 5, "the gzip member is corrupt", 2),
    ("wrong-length.warc.gz", 3, "holds 2,868 bytes where its Content-Length says 92,864", 2),
    ("png-as-html.warc.gz", 4, "is a PNG image, not an HTML page", 3),
])
def test_a_damaged_record_costs_only_itself(name: str, number: int, message: str, articles: int) -> None:
    """A truncated or corrupt gzip member, a wrong length or a binary 'HTML' payload is one error; the rest reads on."""
    found = items(HOSTILE / name)
    errors = [i for i in found if isinstance(i, InputError) and "has no article text" not in i.problem]
    (error,) = errors
    assert error.source.startswith(f"{HOSTILE / name}#{number}") and message in error.problem
    assert len([i for i in found if isinstance(i, SourceText)]) == articles


def test_wrong_length_in_an_uncompressed_archive_swallows_nothing(tmp_path: Path) -> None:
    """In a plain .warc, a record whose Content-Length runs past its end is refused and the next records are read."""
    data = (ARCHIVES / "crawl.warc").read_bytes()
    first = data.index(b"WARC-Type: response")
    length_at = data.index(b"Content-Length: ", first)
    broken = data[:length_at] + b"Content-Length: 9" + data[length_at + len(b"Content-Length: "):]
    path = tmp_path / "broken.warc"
    path.write_bytes(broken)
    found = items(path)
    errors = [i for i in found if isinstance(i, InputError) and "has no article text" not in i.problem]
    assert len(errors) == 1 and "#3" in errors[0].source and "wrong length" in errors[0].problem
    assert len([i for i in found if isinstance(i, SourceText)]) == 2


def test_a_record_over_the_size_limit_is_refused_without_being_held(tmp_path: Path) -> None:
    """An HTML response larger than --max-bytes is one error; the archive reads on."""
    found = items(ARCHIVES / "crawl.warc.gz", Limits(max_bytes=2000))
    too_big = [i for i in found if isinstance(i, InputError) and "newsld reads records up to 2,000" in i.problem]
    assert len(too_big) == 1 and "#3" in too_big[0].source
    assert len([i for i in found if isinstance(i, SourceText)]) == 2


def test_a_non_gzip_file_named_warc_gz(tmp_path: Path) -> None:
    """A .warc.gz that is not gzip is one error."""
    path = tmp_path / "x.warc.gz"
    path.write_bytes(b"WARC/1.1\r\n")
    (error,) = items(path)
    assert isinstance(error, InputError) and "not gzip-compressed" in error.problem


def test_archive_ranges_read_the_same_records(tmp_path: Path) -> None:
    """Reading an archive in record ranges (as Dask workers do) gives the same articles as reading it whole."""
    from newsld.sources.warc import record_offsets

    path = ARCHIVES / "crawl.warc.gz"
    whole = [i.output for i in items(path) if isinstance(i, SourceText)]
    marks = record_offsets(path, 4, Limits())
    ranged = []
    found = Found(path, PurePosixPath(path.name))
    for i, (number, offset) in enumerate(marks):
        stop = marks[i + 1][1] if i + 1 < len(marks) else None
        part = Part(found, "crawl", first=number, offset=offset, stop_offset=stop)
        ranged += [x.output for x in read_part(part, Limits()) if isinstance(x, SourceText)]
    assert ranged == whole and len(marks) == 4


def test_gzip_bytes_helpers_round_trip() -> None:
    """The fixture archive has one gzip member per record (as the builder says)."""
    data = (ARCHIVES / "crawl.warc.gz").read_bytes()
    assert gzip.decompress(data) == (ARCHIVES / "crawl.warc").read_bytes()
    assert io.BytesIO(data).read(2) == b"\x1f\x8b"


def test_committed_archives_are_what_the_builder_makes(tmp_path: Path) -> None:
    """fixtures/sources/build_archives.py rebuilds the committed archives byte for byte."""
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "sources"
    shutil.copytree(SOURCES, copy)
    for built in [*(copy / "archives").iterdir(), *(copy / "hostile").iterdir()]:
        built.unlink()
    subprocess.run([sys.executable, str(copy / "build_archives.py")], check=True)
    for folder in ("archives", "hostile"):
        names = sorted(p.name for p in (SOURCES / folder).iterdir())
        assert names == sorted(p.name for p in (copy / folder).iterdir())
        for name in names:
            assert (copy / folder / name).read_bytes() == (SOURCES / folder / name).read_bytes(), name


# ---------------------------------------------------------------- IPTC ninjs

def test_ninjs_1x_and_2x() -> None:
    """ninjs items are detected; headline, body, first-created date, byline, uri and language are read."""
    (old,) = texts(SOURCES / "ninjs" / "bridge-repairs-1x.json")
    assert old.meta["headline"] == "Old rail bridge to close for eight months of repairs"
    assert old.meta["datePublished"] == "2025-07-03T09:05:00+02:00" and old.authors == ("Lotte Hansen", "Pieter Claes")
    assert old.origin is not None and old.origin.record_id == "https://wire.example.org/items/2025-07-03-bridge-repairs"
    assert old.origin.media_type == "application/ninjs+json"
    (new,) = texts(SOURCES / "ninjs" / "harvest-festival-2x.json")
    assert new.meta["headline"] == "Harvest festival draws record crowd to market square"
    assert new.text.startswith("More than 12,000 people") and "<em>" not in new.text and "\n\n" in new.text
    assert new.meta["inLanguage"] == "en-GB" and new.authors == ("Declan Murphy",)


@pytest.mark.parametrize("change, message", [
    ({"body_text": ["a", "b"]}, "ninjs 'body_text' must be a string, found list"),
    ({"headline": 42}, "ninjs 'headline' must be a string, found int"),
    ({"type": "picture"}, "ninjs item of type 'picture' has no article text"),
    ({"versioncreated": "yesterday", "firstcreated": None}, "versioncreated 'yesterday' is not a date"),
    ({"body_text": None}, "ninjs item has no body"),
])
def test_ninjs_with_a_wrong_type_is_refused(tmp_path: Path, change: dict[str, object], message: str) -> None:
    """A ninjs field of the wrong type (or a non-text item) is one error naming the field."""
    import json

    item = json.loads((SOURCES / "ninjs" / "bridge-repairs-1x.json").read_text(encoding="utf-8"))
    item.update(change)
    item = {k: v for k, v in item.items() if v is not None}
    path = tmp_path / "item.json"
    path.write_text(json.dumps(item))
    (error,) = items(path)
    assert isinstance(error, InputError) and message in error.problem and error.source == str(path)


def test_unreadable_file_is_named(tmp_path: Path) -> None:
    """A file that cannot be opened is one error, whatever its kind."""
    path = tmp_path / "gone.html"
    (error,) = items(path)
    assert isinstance(error, InputError) and error.problem == "no such file"
    if os.geteuid() != 0:
        locked = tmp_path / "locked.txt"
        locked.write_text("x")
        locked.chmod(0)
        (error,) = items(locked)
        assert isinstance(error, InputError) and "permission denied" in error.problem


def test_review_pages_are_not_read_as_articles(tmp_path: Path) -> None:
    """A page written by `newsld view` is refused as an input, so viewing into an input folder loses nothing."""
    page = ('<!DOCTYPE html><html><head><meta name="generator" content="newsld"><title>x</title></head>'
            "<body><article>" + "<p>The council met on Tuesday and agreed the budget for the harbour.</p>" * 20
            + "</article></body></html>").encode()
    with pytest.raises(InputError, match="review page written by newsld view"):
        read_page(page, "index.html", "index", "index.html", Limits())
