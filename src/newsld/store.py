"""Load newsld data into a triple store and query it: embedded Oxigraph, or any SPARQL 1.1 server.

Every article lives in its own named graph (the article IRI). Actor IRIs are shared, so queries
join actors across articles. Strings from articles never become query text: graphs are sent as
RDF serialised by pyoxigraph, whose term types do all escaping.
"""

from __future__ import annotations

import base64
import contextlib
import json
import netrc
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from newsld.errors import InputError, StoreError, UsageError
from newsld.rdf.expand import Triple, document_triples
from newsld.rdf.serialize import serialize
from newsld.resources import context_document

DEFAULT_STORE = Path("newsld-store")
NLD_ARTICLE = "https://w3id.org/newsld/vocab#Article"
RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".nq": ox.RdfFormat.N_QUADS,
               ".trig": ox.RdfFormat.TRIG}
LOADABLE = {".jsonld", ".json", ".jsonl", ".ndjson", *RDF_FORMATS}


@dataclass
class ArticleGraph:
    """One article, to be stored as the named graph `graph`: its triples, or its newsld JSON-LD document."""

    graph: str
    source: str
    document: dict[str, Any] | None = None
    _triples: list[Triple] | None = None

    @property
    def triples(self) -> list[Triple]:
        if self._triples is None:
            assert self.document is not None
            self._triples = document_triples(self.document)
        return self._triples


@dataclass
class LoadReport:
    """What a load did: articles and triples loaded, and the inputs that were refused."""

    articles: int = 0
    triples: int | None = 0  # None once a batch went in through a path that does not count triples
    failures: list[InputError] = field(default_factory=list)


# ---------------------------------------------------------------- reading inputs

def graphs_from_triples(triples: list[Triple], source: str) -> list[ArticleGraph]:
    """Split a Turtle/N-Triples file into articles: one article per file is the common case."""
    articles = sorted({str(s.value) for s, p, o in triples if p.value.endswith("22-rdf-syntax-ns#type")
                       and isinstance(o, ox.NamedNode) and o.value == NLD_ARTICLE and isinstance(s, ox.NamedNode)})
    if len(articles) != 1:
        raise InputError(source, f"holds {len(articles)} articles; a triples file must describe exactly one "
                         "(use N-Quads or JSON lines for several)")
    return [ArticleGraph(articles[0], source, _triples=triples)]


def read_graphs(path: Path, *, validate: bool = True) -> list[ArticleGraph]:
    """The article graphs in one newsld file; raises InputError if it is unreadable or (when validating) invalid."""
    from newsld._textio import decode_utf8, parse_json, read_bytes
    from newsld.validation.validate import shared_validator

    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in LOADABLE:
        raise InputError(source, f"unknown extension {path.suffix or '(none)'!r}; newsld loads "
                         + ", ".join(sorted(LOADABLE)))
    data = read_bytes(path)  # read once, for validation and for loading
    if validate:
        report = shared_validator().check_file(path, data=data)
        if report.failures:
            raise report.failures[0]
        if not report.ok:
            first = report.issues[0]
            raise InputError(source, f"is not valid ({len(report.issues)} problem(s); first: {first.message}); "
                             "nothing from it was loaded")
    if suffix in RDF_FORMATS:
        try:
            quads = list(ox.parse(data, format=RDF_FORMATS[suffix]))
        except SyntaxError as e:
            raise InputError(source, f"not valid {RDF_FORMATS[suffix].name}: {e.msg}") from None
        if suffix in (".nq", ".trig"):
            by_graph: dict[str, list[Triple]] = {}
            for q in quads:
                if not isinstance(q.graph_name, ox.NamedNode):
                    raise InputError(source, "has triples outside a named graph; newsld keeps each article in "
                                     "the graph named by its IRI")
                by_graph.setdefault(q.graph_name.value, []).append((q.subject, q.predicate, q.object))
            return [ArticleGraph(g, source, _triples=t) for g, t in by_graph.items()]
        return graphs_from_triples([(q.subject, q.predicate, q.object) for q in quads], source)
    text = decode_utf8(data, source)
    docs: list[Any]
    if suffix in (".jsonl", ".ndjson"):
        docs = [parse_json(line, source, line=n) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
    else:
        value = parse_json(text, source)
        docs = value if isinstance(value, list) else [value]
    out = []
    for doc in docs:
        if not isinstance(doc, dict) or not isinstance(doc.get("id"), str):
            raise InputError(source, "a document without an article id cannot be loaded")
        if not validate:
            try:  # without validation, at least the IRIs must be usable
                ox.NamedNode(doc["id"])
            except ValueError as e:
                raise InputError(source, f"cannot be turned into RDF: {e}") from None
        out.append(ArticleGraph(doc["id"], source, document=doc))
    return out


def iter_graphs(paths: Iterable[str], report: LoadReport, *, validate: bool = True) -> Iterator[ArticleGraph]:
    """Article graphs from files, directories (convert's output) and globs; bad files go to the report."""
    from newsld.validation.validate import expand_paths

    seen_outputs: set[str] = set()
    for item in expand_paths(paths, LOADABLE):
        if isinstance(item, InputError):
            report.failures.append(item)
            continue
        # convert writes the same article as .jsonld and .ttl side by side: load it once
        key = str(item.with_suffix(""))
        if key in seen_outputs and item.suffix.lower() in RDF_FORMATS:
            continue
        seen_outputs.add(key)
        try:
            yield from read_graphs(item, validate=validate)
        except InputError as e:
            report.failures.append(e)


# ---------------------------------------------------------------- targets

def replace_graph_update(g: ArticleGraph) -> str:
    """SPARQL Update that swaps an article's graph for its new triples, serialised by pyoxigraph."""
    name = ox.NamedNode(g.graph)
    body = serialize(g.triples, "ntriples").decode("utf-8")
    return f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body}}} }}"


def _without_context(doc: dict[str, Any] | None) -> dict[str, Any]:
    assert doc is not None
    return {k: v for k, v in doc.items() if k != "@context"}


class EmbeddedStore:
    """An on-disk Oxigraph store. New article graphs go in through the bulk loader; a graph that
    already exists is replaced by one SPARQL update, which Oxigraph runs as a single transaction."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        try:
            if read_only:  # queries may run while another process loads
                self.store = ox.Store.read_only(str(path))
            else:
                path.mkdir(parents=True, exist_ok=True)
                self.store = ox.Store(str(path))
        except OSError as e:
            raise StoreError(f"cannot open the store at {path}: {e}") from e
        self.path = path

    def load(self, graphs: list[ArticleGraph]) -> int | None:
        """Store the graphs; returns the number of triples, or None when the bulk JSON-LD path did not count."""
        graphs = list({g.graph: g for g in graphs}.values())  # the last version of an article wins
        fresh: list[ArticleGraph] = []
        for g in graphs:
            if self.store.contains_named_graph(ox.NamedNode(g.graph)):
                self.store.update(replace_graph_update(g))
            else:
                fresh.append(g)
        documents = [g for g in fresh if g.document is not None]
        if documents:
            # newsld JSON-LD goes to Oxigraph's own JSON-LD parser, each article as a named graph, with
            # the bundled context inlined (it is never fetched); tests prove it gives newsld's own triples
            batch = {"@context": context_document()["@context"],
                     "@graph": [{"@id": g.graph, "@graph": [_without_context(g.document)]} for g in documents]}
            try:
                self.store.bulk_load(json.dumps(batch, ensure_ascii=False).encode("utf-8"),
                                     format=ox.RdfFormat.JSON_LD)
            except (SyntaxError, ValueError) as e:
                raise StoreError(f"the store refused a batch of articles: {e}") from None
        others = [g for g in fresh if g.document is None]
        if others:
            data = b"".join(serialize(g.triples, "nquads", graph=g.graph) for g in others)
            self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        if documents:
            return None
        return sum(len(g.triples) for g in graphs)

    def query(self, sparql: str) -> Any:
        try:
            return self.store.query(sparql)
        except SyntaxError as e:
            raise UsageError(f"the query is not valid SPARQL: {e.msg}") from None

    def close(self) -> None:
        """Flush and release the store (Oxigraph allows one writing process at a time)."""
        with contextlib.suppress(OSError):  # a read-only store has nothing to flush
            self.store.flush()
        del self.store


@dataclass
class Credentials:
    """HTTP credentials from the environment or a netrc file; never from the command line."""

    header: str | None

    @classmethod
    def for_url(cls, url: str) -> Credentials:
        token = os.environ.get("NEWSLD_TOKEN")
        if token:
            return cls(f"Bearer {token}")
        user, password = os.environ.get("NEWSLD_USER"), os.environ.get("NEWSLD_PASSWORD")
        if user and password is not None:
            return cls(_basic(user, password))
        netrc_path = os.environ.get("NEWSLD_NETRC") or os.path.expanduser("~/.netrc")
        host = urllib.parse.urlsplit(url).hostname or ""
        if os.path.exists(netrc_path):
            try:
                entry = netrc.netrc(netrc_path).authenticators(host)
            except (netrc.NetrcParseError, OSError) as e:
                raise UsageError(f"cannot read credentials file {netrc_path}: {e}") from None
            if entry:
                return cls(_basic(entry[0], entry[2] or ""))
        return cls(None)

    def __repr__(self) -> str:
        return "Credentials(<hidden>)" if self.header else "Credentials(None)"


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


class HttpClient:
    """Small HTTP client: timeouts, retries with backoff on connection errors and 5xx, clear 4xx errors."""

    def __init__(self, url: str, *, timeout: float = 60.0, retries: int = 3, backoff: float = 0.5) -> None:
        if not url.startswith(("http://", "https://")):
            raise UsageError(f"endpoint {url!r} must be an http:// or https:// URL")
        self.credentials = Credentials.for_url(url)
        host = urllib.parse.urlsplit(url).hostname or ""
        loopback = host == "localhost" or host.startswith("127.") or host == "::1"
        # a proxy from the environment must never see loopback traffic
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({} if loopback else None))
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff

    def request(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> bytes:
        headers = dict(headers)
        if self.credentials.header:
            headers["Authorization"] = self.credentials.header
        where = _redact(url)
        for attempt in range(self.retries + 1):
            req = urllib.request.Request(url, data=body, method=method, headers=headers)
            try:
                with self.opener.open(req, timeout=self.timeout) as response:
                    return bytes(response.read())
            except urllib.error.HTTPError as e:
                reason = e.read().decode("utf-8", "replace").strip().splitlines()
                detail = reason[0][:300] if reason else e.reason
                if e.code < 500 or attempt == self.retries:
                    raise StoreError(f"{method} {where} failed: HTTP {e.code}: {detail}") from None
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as e:
                if attempt == self.retries:
                    cause = getattr(e, "reason", e)
                    raise StoreError(f"{method} {where} failed after {self.retries + 1} attempts: {cause}") from None
            time.sleep(self.backoff * (2 ** attempt))
        raise StoreError(f"{method} {where} failed")  # pragma: no cover


def _redact(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


class RemoteStore:
    """A SPARQL 1.1 server: Graph Store Protocol PUT per article, or batched SPARQL Update when given."""

    def __init__(self, endpoint: str, update_endpoint: str | None = None, **http: Any) -> None:
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint
        self.http = HttpClient(endpoint, **http)

    def load(self, graphs: list[ArticleGraph]) -> int:
        graphs = list({g.graph: g for g in graphs}.values())
        if self.update_endpoint:
            # one request, one transaction, several articles: each graph dropped and inserted again
            update = " ;\n".join(replace_graph_update(g) for g in graphs)
            self.http.request("POST", self.update_endpoint, update.encode("utf-8"),
                              {"Content-Type": "application/sparql-update; charset=utf-8"})
        else:
            for g in graphs:
                joiner = "&" if "?" in self.endpoint else "?"
                url = self.endpoint + joiner + urllib.parse.urlencode({"graph": g.graph})
                self.http.request("PUT", url, serialize(g.triples, "ntriples"),
                                  {"Content-Type": "application/n-triples"})
        return sum(len(g.triples) for g in graphs)

    def query(self, sparql: str) -> Any:
        body = self.http.request("POST", self.endpoint, sparql.encode("utf-8"), {
            "Content-Type": "application/sparql-query; charset=utf-8",
            "Accept": "application/sparql-results+json, application/n-triples;q=0.5"})
        try:
            return json.loads(body)
        except ValueError:
            return body.decode("utf-8", "replace")

    def close(self) -> None:
        pass


class Loader:
    """Validates and loads documents or files into a target, in batches of articles."""

    def __init__(self, target: EmbeddedStore | RemoteStore, batch: int = 50) -> None:
        self.target = target
        self.batch = batch
        self.report = LoadReport()

    def load_graphs(self, graphs: Iterable[ArticleGraph]) -> LoadReport:
        """Load in batches. While one batch is written (Oxigraph releases the GIL), the next one is
        read and validated, so validation and writing overlap; at most two batches are in memory."""
        from concurrent.futures import Future, ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsld-load") as writer:
            in_flight: Future[None] | None = None
            pending: list[ArticleGraph] = []
            for g in graphs:
                pending.append(g)
                if len(pending) >= self.batch:
                    if in_flight is not None:
                        in_flight.result()  # a failed write stops the load here, with its error
                    in_flight = writer.submit(self._flush, pending)
                    pending = []
            if in_flight is not None:
                in_flight.result()
            self._flush(pending)
        return self.report

    def _flush(self, pending: list[ArticleGraph]) -> None:
        if pending:
            added = self.target.load(pending)
            self.report.triples = None if added is None or self.report.triples is None \
                else self.report.triples + added
            self.report.articles += len(pending)

    def load_documents(self, docs: Iterable[dict[str, Any]]) -> LoadReport:
        return self.load_graphs(ArticleGraph(d["id"], str(d["id"]), document=d) for d in docs)

    def load_paths(self, paths: Iterable[str], *, validate: bool = True) -> LoadReport:
        return self.load_graphs(iter_graphs(paths, self.report, validate=validate))

    def close(self) -> None:
        self.target.close()


def open_target(*, store: Path | None = None, endpoint: str | None = None,
                update_endpoint: str | None = None, batch: int | None = None) -> Loader:
    """A Loader for the embedded store at `store` (the default) or the server at `endpoint`.

    Batches: 500 articles per bulk load in the embedded store (fewer, larger files for RocksDB),
    50 per request to a server (each request is one transaction there)."""
    if store is not None and endpoint is not None:
        raise UsageError("give --store or --endpoint, not both")
    if update_endpoint and not endpoint:
        raise UsageError("--update-endpoint goes with --endpoint")
    if batch is not None and batch < 1:
        raise UsageError("--batch must be at least 1")
    if endpoint is not None:
        return Loader(RemoteStore(endpoint, update_endpoint), batch or 50)
    return Loader(EmbeddedStore(store or DEFAULT_STORE), batch or 500)
