"""A SPARQL 1.1 server, spoken to in the protocol's portable forms.

- Queries: GET with `query=` when short, else a form-encoded POST: the two forms every server answers
  (Virtuoso never answers a POST of application/sparql-query).
- Updates: POST of application/sparql-update; a server that refuses that media type (HTTP 415) gets the
  form-encoded `update=` from then on. Each article is `DROP SILENT GRAPH` + `INSERT DATA`, except on
  Virtuoso (known by its Server header), whose SPARQL compiler merges typed constants of equal value within
  one request ("false"^^xsd:boolean becomes "0"^^xsd:nonNegativeInteger when both are sent), turns
  integer-valued decimals into integers and wraps integers at 2^63: there every literal that has a datatype
  is bound with STRDT in an `INSERT … WHERE`, which Virtuoso stores as sent.
- Graph Store Protocol: one PUT of N-Triples per article, which replaces its graph.
Article strings never become query text: graphs travel as N-Triples that pyoxigraph serialises, and
no blank node goes on the wire (they are skolemised when read).
"""

from __future__ import annotations

import re
import urllib.parse
from typing import TYPE_CHECKING

import pyoxigraph as ox

from newsld.errors import ServerError
from newsld.store.http import DEFAULT_RETRIES, DEFAULT_TIMEOUT, HttpClient, check_endpoint, redact
from newsld.store.results import QueryResult, parse_server_answer

if TYPE_CHECKING:  # the loading side is imported when a load starts: a query needs only the HTTP client
    from newsld.store.inputs import ArticleGraph, Triple, Written

GET_LIMIT = 2000  # longest URL sent as a GET; longer queries are POSTed as a form
RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.9"
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
FORM = "application/x-www-form-urlencoded"

# what is not the query form: strings, IRIs, comments (in that order of precedence at one position)
_NOT_KEYWORDS = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                           r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_FORMS = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of these keywords outside strings, IRIs and comments."""
    match = _FORMS.search(_NOT_KEYWORDS.sub(" ", sparql))
    return match.group(1).upper() if match else "SELECT"


# Virtuoso compiles SPARQL Update slowly (about 0.3 s per 500-triple article on 7.2.5) and refuses a request
# whose generated SQL passes 10,000 lines: it gets at most this many articles per request
VIRTUOSO_UPDATE_ARTICLES = 5
PLAIN_DATATYPES = {"http://www.w3.org/2001/XMLSchema#string",
                   "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}


def typed_literals_bound(g: ArticleGraph) -> str:
    """The update that replaces an article's graph with every typed literal bound by STRDT (for Virtuoso)."""
    from newsld.rdf.serialize import serialize

    name = ox.NamedNode(g.graph)
    plain: list[Triple] = []
    template: list[str] = []
    binds: list[str] = []
    for s, p, o in g.triples:
        if isinstance(o, ox.Literal) and o.datatype.value not in PLAIN_DATATYPES:
            variable = f"?v{len(binds)}"
            template.append(f"{s} {p} {variable} .")
            binds.append(f"BIND(STRDT({ox.Literal(o.value)}, {o.datatype}) AS {variable})")
        else:
            plain.append((s, p, o))
    parts = [f"DROP SILENT GRAPH {name}"]
    if plain:
        parts.append(f"INSERT DATA {{ GRAPH {name} {{\n{serialize(plain, 'ntriples').decode('utf-8')}}} }}")
    if template:
        parts.append(f"INSERT {{ GRAPH {name} {{\n" + "\n".join(template) + "\n} } WHERE {\n"
                     + "\n".join(binds) + "\n}")
    return " ;\n".join(parts)


class RemoteStore:
    """A SPARQL 1.1 server: Graph Store Protocol PUT per article, or batched SPARQL Update when given."""

    def __init__(self, endpoint: str | None = None, update_endpoint: str | None = None, *,
                 query_endpoint: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                 retries: int = DEFAULT_RETRIES, backoff: float = 0.5) -> None:
        self.endpoint = check_endpoint(endpoint, "--endpoint") if endpoint else None
        self.update_endpoint = check_endpoint(update_endpoint, "--update-endpoint") if update_endpoint else None
        self.query_endpoint = check_endpoint(query_endpoint, "--endpoint") if query_endpoint else None
        named = [u for u in (self.endpoint, self.update_endpoint, self.query_endpoint) if u]
        self.http = HttpClient(named, timeout=timeout, retries=retries, backoff=backoff)
        self.update_as_form = False

    def prepare(self, graphs: list[ArticleGraph]) -> list[tuple[ArticleGraph, bytes]]:
        """The batch as request bodies (the last version of an article wins): one SPARQL update for all, or
        N-Triples per article; CPU work, done while the previous batch is sent."""
        unique = list({g.graph: g for g in graphs}.values())
        if self.update_endpoint:
            virtuoso = "virtuoso" in self.http.server_software(self.update_endpoint).lower()
            from newsld.store.embedded import replace_graph_update

            build = typed_literals_bound if virtuoso else replace_graph_update
            # one request, one transaction, several articles: each graph dropped and inserted again; the body
            # of each request rides on its first article
            size = VIRTUOSO_UPDATE_ARTICLES if virtuoso else len(unique)
            prepared: list[tuple[ArticleGraph, bytes]] = []
            for start in range(0, len(unique), max(size, 1)):
                chunk = unique[start:start + size]
                body = " ;\n".join(build(g) for g in chunk).encode("utf-8")
                prepared += [(g, body if i == 0 else b"") for i, g in enumerate(chunk)]
            return prepared
        return [(g, g.ntriples()) for g in unique]

    def write(self, prepared: list[tuple[ArticleGraph, bytes]]) -> Written:
        """Send a prepared batch; returns the articles and triples sent."""
        if self.update_endpoint:
            for _, body in prepared:
                if body:
                    self.update(body)
        else:
            assert self.endpoint is not None
            joiner = "&" if "?" in self.endpoint else "?"
            for g, data in prepared:
                url = self.endpoint + joiner + urllib.parse.urlencode({"graph": g.graph})
                self.http.request("PUT", url, data, {"Content-Type": "application/n-triples"},
                                  expect="Graph Store Protocol URL")
        from newsld.store.inputs import Written

        return Written(len(prepared), sum(g.size for g, _ in prepared))

    def load(self, graphs: list[ArticleGraph]) -> Written:
        """Store the graphs (the last version of an article wins)."""
        return self.write(self.prepare(graphs))

    def update(self, sparql: str | bytes) -> None:
        """Run a SPARQL update; the media type the server takes is remembered for the next ones."""
        assert self.update_endpoint is not None
        if isinstance(sparql, str):
            sparql = sparql.encode("utf-8")
        if not self.update_as_form:
            try:
                self.http.request("POST", self.update_endpoint, sparql,
                                  {"Content-Type": "application/sparql-update; charset=utf-8"},
                                  expect="SPARQL Update URL")
                return
            except ServerError as e:
                if e.status != 415:
                    raise
                self.update_as_form = True
        body = urllib.parse.urlencode({"update": sparql.decode("utf-8")}).encode("ascii")
        self.http.request("POST", self.update_endpoint, body, {"Content-Type": FORM}, expect="SPARQL Update URL")

    def query(self, sparql: str) -> QueryResult:
        """Ask the query endpoint; the answer is read with pyoxigraph's parsers whatever format it came in."""
        url = self.query_endpoint or self.endpoint
        assert url is not None
        accept = GRAPH_ACCEPT if query_form(sparql) in ("CONSTRUCT", "DESCRIBE") else RESULTS_ACCEPT
        encoded = urllib.parse.urlencode({"query": sparql})
        joiner = "&" if "?" in url else "?"
        if len(url) + len(encoded) + 1 <= GET_LIMIT:
            response = self.http.request("GET", url + joiner + encoded, None, {"Accept": accept},
                                         expect="SPARQL query URL")
        else:
            response = self.http.request("POST", url, encoded.encode("ascii"),
                                         {"Accept": accept, "Content-Type": FORM}, expect="SPARQL query URL")
        return parse_server_answer(response.body, response.media_type, f"query to {redact(url)}")

    def close(self) -> None:
        pass

    def __repr__(self) -> str:
        return f"RemoteStore({redact(self.endpoint or self.query_endpoint or '')})"

