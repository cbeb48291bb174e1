"""Web pages: bytes -> text (declared charset, strictly), main text with trafilatura, metadata from the page.

The article text is trafilatura's main-text extraction (navigation, comments, related links and
boilerplate removed), one paragraph per block, paragraphs separated by a blank line; it becomes
articleBody and every offset refers to it. Metadata comes from the page's own statements, in this
order: schema.org JSON-LD, microdata, OpenGraph, then trafilatura's and htmldate's reading of the
page (never a date guessed from links or the text). Nothing found in a page is ever fetched.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from newsld.errors import InputError
from newsld.model import SourceDocument
from newsld.sources.base import (
    IRI,
    Limits,
    SourceText,
    authors_from,
    check_language,
    check_size,
    check_text,
    normalise_date,
    sha256_hex,
)

HTML_MEDIA_TYPES = {"text/html", "application/xhtml+xml"}
MIN_ARTICLE_WORDS = 25  # prose words a page needs to count as an article (a brief has more)
_BLOCKS = {
    # HTML block elements, and the block elements of trafilatura's output (head, item, quote, row, cell, list)
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2", "h3", "h4",
    "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "figure", "figcaption", "table",
    "tr", "td", "th", "caption", "form", "fieldset", "address", "hr", "head", "item", "quote", "list",
    "row", "cell", "code",
}
_DROP = {"script", "style", "noscript", "template", "svg", "math", "head_meta", "button", "select", "option",
         "textarea", "iframe", "object", "embed", "img", "graphic"}
_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"), (b"RIFF", "a RIFF (WebP, WAV or AVI) file"),
    (b"\x00\x00\x00", "binary data"), (b"OggS", "an Ogg file"), (b"\x7fELF", "a program"),
]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SINGLE_BYTE = {"cp1252", "iso8859-15", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "iso8859-2", "koi8-r",
                "mac-roman"}
# consent notices: they speak of cookies together with choices about them or about data sharing
_CONSENT = re.compile(r"\bcookies?\b", re.IGNORECASE)
_CONSENT_CHOICE = re.compile(r"\b(?:accept|reject|consent|preferences|privacy|partners|personali[sz]e|"
                             r"advertising|your device|manage|opt[- ]out|settings)\b", re.IGNORECASE)
_PROSE_END = re.compile(r"[.!?…\"”’»)]\s*$")


@dataclass
class PageMeta:
    """What a page says about itself."""

    headline: str | None = None
    date: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    url: str | None = None
    language: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------- bytes to text

def binary_kind(data: bytes) -> str | None:
    """What a payload is when it is plainly not text (magic numbers, NUL bytes), else None."""
    head = data[:1024]
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "binary data (it holds NUL bytes)"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a <meta> element within its first 4 KiB."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def decode_page(data: bytes, source: str, transport_charset: str | None = None) -> str:
    """A page's text in its declared charset (HTTP header first, then <meta>), strictly: a page whose bytes
    contradict its declaration is refused, never turned into mojibake."""
    kind = binary_kind(data)
    if kind is not None and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(source, f"is {kind}, not an HTML page")
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec).lstrip("\ufeff")
            except UnicodeDecodeError as e:
                raise InputError(source, f"starts with a {codec.upper()} byte order mark but is not valid "
                                 f"{codec.upper()} at byte {e.start}") from None
    declared = transport_charset or declared_charset(data)
    if declared is None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            declared = "windows-1252"  # the HTML standard's default for an undeclared page
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        raise InputError(source, f"declares an unknown charset {declared!r}") from None
    if codec in ("iso8859-1", "ascii"):
        codec = "cp1252"  # the HTML standard reads these labels as windows-1252
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as e:
        raise InputError(source, f"declares charset {declared!r} but byte {e.start} (0x{data[e.start]:02x}) is not "
                         f"valid {declared}; fix the declaration or the encoding") from None
    if codec in _SINGLE_BYTE and re.search(rb"[\xc2-\xf4][\x80-\xbf]", data):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            raise InputError(source, f"declares charset {declared!r} but its bytes are UTF-8 (read as {declared} "
                             "its accented letters would be garbled); fix the declaration")
    return text


# ---------------------------------------------------------------- markup to paragraphs

def _paragraphs(root: Any) -> list[str]:
    """Text of each block in document order; inline markup is dropped, a line break kept as a newline."""
    out: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = "".join(buffer)
        buffer.clear()
        lines = [" ".join(line.split()) for line in text.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            out.append(paragraph)

    def walk(node: Any) -> None:
        tag = node.tag.lower() if isinstance(node.tag, str) else None
        if tag is None:  # a comment or processing instruction: its tail is text
            if node.tail:
                buffer.append(node.tail)
            return
        if tag in _DROP:
            if node.tail:
                buffer.append(node.tail)
            return
        block = tag in _BLOCKS
        if block:
            flush()
        if tag in ("br", "lb"):
            buffer.append("\n")
        if node.text:
            buffer.append(node.text)
        for child in node:
            walk(child)
        if block:
            flush()
        if node.tail:
            buffer.append(node.tail)

    walk(root)
    flush()
    return out


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content, a ninjs body_html): paragraphs kept."""
    import lxml.html

    markup = _XML_DECLARATION.sub("", markup)
    if not markup.strip():
        return ""
    root = lxml.html.fragment_fromstring(markup, create_parent="div", parser=_parser())
    return "\n\n".join(_paragraphs(root))


def _parser() -> Any:
    import lxml.html

    return lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)


def is_consent_notice(paragraph: str) -> bool:
    """A cookie or consent banner: it speaks of cookies together with choices about them."""
    return bool(_CONSENT.search(paragraph) and _CONSENT_CHOICE.search(paragraph))


def prose_words(paragraphs: Iterable[str]) -> int:
    """Words in paragraphs that read as prose: sentences, not menu items, buttons or consent notices."""
    words = 0
    for paragraph in paragraphs:
        count = len(paragraph.split())
        if count >= 8 and _PROSE_END.search(paragraph) and not is_consent_notice(paragraph):
            words += count
    return words


# ---------------------------------------------------------------- metadata

_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
                  "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "Report",
                  "ScholarlyArticle", "TechArticle", "SocialMediaPosting"}


def _types(item: dict[str, Any]) -> set[str]:
    value = item.get("@type", ())
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1] for v in values}


def _items(values: Iterable[Any]) -> Iterator[dict[str, Any]]:
    for value in values:
        if isinstance(value, list):
            yield from _items(value)
        elif isinstance(value, dict):
            if "@graph" in value:
                yield from _items([value["@graph"]])
            yield value


def _first_text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or value.get("name")
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return value.strip() if isinstance(value, str) and value.strip() else None


def structured_meta(tree: Any, base_url: str | None) -> list[dict[str, Any]]:
    """The page's schema.org article descriptions (JSON-LD first, then microdata), best first."""
    from extruct.jsonld import JsonLdExtractor
    from extruct.w3cmicrodata import MicrodataExtractor

    found: list[dict[str, Any]] = []
    extractors: list[Callable[[], Any]] = [lambda: JsonLdExtractor().extract_items(tree),
                                           lambda: MicrodataExtractor().extract_items(tree, base_url)]
    for extractor in extractors:
        try:
            items = list(_items(extractor()))
        except Exception:  # a malformed block is the page's problem; the article text is still good
            continue
        for item in items:
            if "properties" in item and isinstance(item.get("type"), str | list):  # extruct's raw microdata shape
                item = {"@type": [str(t) for t in (item["type"] if isinstance(item["type"], list)
                                                   else [item["type"]])], **item["properties"]}
            if _types(item) & _ARTICLE_TYPES:
                found.append(item)
    return found


def opengraph(tree: Any) -> dict[str, str]:
    """OpenGraph and article: properties of a page (the first value of each)."""
    out: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        key = meta.get("property") or meta.get("name")
        value = meta.get("content")
        if key and value and key.lower() not in out:
            out[key.lower()] = value.strip()
    return out


def page_meta(tree: Any, source: str, url: str | None) -> PageMeta:
    """Headline, date, authors, publisher, canonical URL and language, from what the page states."""
    meta = PageMeta()
    described = structured_meta(tree, url)
    og = opengraph(tree)

    def first(*values: Any) -> str | None:
        for value in values:
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None

    meta.headline = first(*(_name(d.get("headline")) for d in described), og.get("og:title"))
    date_values = [*(d.get("datePublished") for d in described), og.get("article:published_time"),
                   og.get("og:published_time"), og.get("pubdate"), og.get("date")]
    for value in date_values:
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, str) and value.strip():
            try:
                meta.date = normalise_date(value, source)
                break
            except InputError:
                continue
    for d in described:
        if d.get("author"):
            try:
                meta.authors = authors_from(d["author"], source)
            except InputError:
                continue
            if meta.authors:
                break
    if not meta.authors:
        for key in ("article:author", "author", "dc.creator", "byl"):
            if og.get(key):
                try:
                    meta.authors = authors_from(og[key], source)
                except InputError:
                    continue
                if meta.authors:
                    break
    meta.publisher = first(*(_name(d.get("publisher")) for d in described), og.get("og:site_name"))
    canonical = None
    for link in tree.iterfind(".//link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            canonical = link.get("href").strip()
            break
    candidates = [canonical, *(_first_text(d.get("url")) for d in described),
                  *(_first_text(d.get("mainEntityOfPage")) for d in described), og.get("og:url")]
    meta.url = next((c for c in candidates if c and IRI.match(c) and "://" in c), None)
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    languages = [root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang"),
                 *(_first_text(d.get("inLanguage")) for d in described), og.get("og:locale")]
    for value in languages:
        if value:
            language = check_language(value, source)
            if language:
                meta.language = language
                break
    return meta


# ---------------------------------------------------------------- the page

def extract_main_text(tree: Any) -> list[str]:
    """The page's main text as paragraphs (trafilatura; comments, tables and link lists left out)."""
    from trafilatura import bare_extraction

    result = bare_extraction(tree, include_comments=False, include_tables=False, include_images=False,
                             include_links=False, favor_precision=True, with_metadata=False,
                             output_format="python")
    if result is None:
        return []
    body = getattr(result, "body", None)
    if body is None:
        text = getattr(result, "text", None) or ""
        return [p for p in (" ".join(line.split()) for line in text.split("\n")) if p]
    return _paragraphs(body)


def trafilatura_meta(tree: Any, url: str | None) -> dict[str, str]:
    """trafilatura's own reading of headline, author and site name (used only where the page states none)."""
    from trafilatura.metadata import extract_metadata

    try:
        document = extract_metadata(tree, default_url=url, extensive=False)
    except Exception:  # metadata is optional; the text is what matters
        return {}
    out: dict[str, str] = {}
    for key in ("title", "author", "sitename"):
        value = getattr(document, key, None)
        if isinstance(value, str) and value.strip():
            out[key] = value.strip()
    if re.fullmatch(r"[\w.-]+\.[a-z]{2,}", out.get("sitename", ""), re.IGNORECASE):
        del out["sitename"]  # a host name standing in for a publisher's name
    return out


def htmldate_of(tree: Any) -> str | None:
    """htmldate's reading of the page's own date markup (no guessing from the text or links)."""
    from htmldate import find_date

    try:
        found = find_date(tree, extensive_search=False, original_date=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate found nothing usable
        return None
    return found if isinstance(found, str) else None


def read_page(data: bytes, source: str, output: str, location: str, limits: Limits, *,
              url: str | None = None, transport_charset: str | None = None, record_id: str | None = None,
              record_date: str | None = None, language: str | None = None) -> SourceText:
    """One web page as an article: its main text and what it says about itself."""
    import lxml.html

    check_size(len(data), source, limits, "the page")
    text = _XML_DECLARATION.sub("", decode_page(data, source, transport_charset))
    if not text.strip():
        raise InputError(source, "is empty")
    try:
        tree = lxml.html.document_fromstring(text, parser=_parser())
    except (ValueError, lxml.etree.ParserError) as e:
        raise InputError(source, f"is not an HTML page that can be parsed: {e}") from None
    if "newsld" in tree.xpath('//meta[@name="generator"]/@content'):
        raise InputError(source, "is a review page written by newsld view, not an article; convert the "
                         "articles themselves (or view newsld's JSON-LD)")
    meta = page_meta(tree, source, url)
    if meta.headline is None or not meta.authors or meta.publisher is None:
        fallback = trafilatura_meta(tree, url)
        meta.headline = meta.headline or fallback.get("title")
        if not meta.authors and fallback.get("author"):
            meta.authors = authors_from(fallback["author"].replace(";", ","), source)
        meta.publisher = meta.publisher or fallback.get("sitename")
    if meta.date is None:
        found = htmldate_of(tree)
        if found:
            meta.date = normalise_date(found, source)
    paragraphs = extract_main_text(tree)
    if prose_words(paragraphs) < MIN_ARTICLE_WORDS:
        if any(is_consent_notice(p) for p in paragraphs):
            raise InputError(source, "holds only a cookie or consent notice, no article text; nothing to convert")
        raise InputError(source, "has no article text (a listing, login or media page?); nothing to convert")
    body = check_text("\n\n".join(paragraphs) + "\n", source, limits)
    fields: dict[str, str] = {}
    if meta.headline:
        fields["headline"] = " ".join(meta.headline.split())[:500]
    if meta.date:
        fields["datePublished"] = meta.date
    page_url = meta.url or url
    if page_url:
        fields["url"] = page_url
    if meta.publisher:
        fields["publisher"] = meta.publisher[:300]
    if meta.language or language:
        fields["inLanguage"] = meta.language or language or "en"
    origin = SourceDocument(location, sha256_hex(data), "text/html", url or meta.url, record_id, record_date)
    return SourceText(source, output, body, fields, meta.authors, origin=origin)
