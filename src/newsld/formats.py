"""Format names, one set for every command and the library: a canonical name each, and the common aliases.

`--to`, `--stdin-format`, `query --format` and the library all resolve names here, so `ttl`,
`turtle` and `.ttl` mean the same everywhere. Standard library only: the CLI imports this to parse
its options before anything heavy is loaded.
"""

from __future__ import annotations

from collections.abc import Iterable

# canonical name -> (aliases, what it is)
FORMATS: dict[str, tuple[tuple[str, ...], str]] = {
    "jsonld": (("json-ld",), "JSON-LD"),
    "json": ((), "JSON"),
    "jsonl": (("ndjson", "jsonlines", "json-lines"), "JSON lines"),
    "turtle": (("ttl",), "Turtle"),
    "ntriples": (("nt", "n-triples"), "N-Triples"),
    "nquads": (("nq", "n-quads"), "N-Quads"),
    "trig": ((), "TriG"),
    "rdfxml": (("rdf", "xml", "rdf/xml", "rdf-xml", "owl"), "RDF/XML"),
    "text": (("txt", "plain"), "plain text"),
    "markdown": (("md",), "Markdown with front matter"),
    "html": (("htm", "xhtml"), "a web page"),
    "feed": (("rss", "atom"), "an RSS or Atom feed"),
    "warc": (("warc.gz",), "a WARC web archive"),
    "table": ((), "an aligned table"),
    "csv": ((), "CSV"),
    "tsv": ((), "TSV"),
    "github": ((), "GitHub workflow annotations"),
    "shacl": ((), "a SHACL validation report"),
}
_BY_ALIAS = {alias: name for name, (aliases, _) in FORMATS.items() for alias in (name, *aliases)}

# the file extension each format is read from (the readers dispatch on extensions)
EXTENSIONS = {
    "jsonld": ".jsonld", "json": ".json", "jsonl": ".jsonl", "turtle": ".ttl", "ntriples": ".nt", "nquads": ".nq",
    "trig": ".trig", "rdfxml": ".rdf", "text": ".txt", "markdown": ".md", "html": ".html", "feed": ".rss",
    "warc": ".warc",
}

# what each option accepts, by canonical name (the first is the default where one applies)
CONVERT_OUTPUTS = ("jsonld", "turtle", "ntriples", "nquads")
CONVERT_INPUTS = ("text", "markdown", "json", "jsonl", "jsonld", "html", "feed", "warc")
VALIDATE_INPUTS = ("jsonld", "json", "jsonl", "turtle", "ntriples", "nquads", "trig", "rdfxml")
QUERY_RESULTS = ("table", "csv", "tsv", "json")  # SELECT and ASK
QUERY_GRAPHS = ("ntriples", "turtle", "nquads", "rdfxml", "jsonld")  # CONSTRUCT and DESCRIBE
REPORTS = ("text", "json", "github", "shacl")


def canonical(value: str) -> str | None:
    """The canonical name of a format name or alias (case and a leading dot ignored), or None."""
    return _BY_ALIAS.get(value.strip().lower().lstrip("."))


def describe(choices: Iterable[str]) -> str:
    """`jsonld, turtle, ntriples, nquads (also: json-ld, ttl, nt, nq)`: the choices and their aliases."""
    names = list(choices)
    aliases = [a for n in names for a in FORMATS[n][0]]
    return ", ".join(names) + (f" (also: {', '.join(aliases)})" if aliases else "")


def resolve(value: str, choices: Iterable[str], option: str) -> str:
    """The canonical name of `value` if `option` accepts it; else ValueError naming the option and the choices."""
    names = tuple(choices)
    name = canonical(value)
    if name in names:
        return name
    known = f" ({FORMATS[name][1]})" if name is not None else ""
    raise ValueError(f"{value!r}{known} is not a format {option} takes; choose from {describe(names)}")
