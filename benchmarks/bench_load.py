"""Speed of `newsld load` against the stores' own bulk paths, in the same run.

  python benchmarks/bench_load.py [--articles 1200]

- embedded: loading convert's JSON-LD output (100k+ triples) vs pyoxigraph's bulk_load of the same
  triples as one N-Quads file into a fresh store (target >= 0.8x with the default --jobs, the number of
  cores), with and without validation, with one process and with workers; reloading unchanged articles, and
  reloading every article changed (each replaced by one transactional update);
- server: loading 1,000+ articles into a real `oxigraph serve` on 127.0.0.1, batched SPARQL updates
  (each article atomic) vs one bulk POST of the same N-Quads to the same server (target >= 0.5x), and vs
  the same update requests, built beforehand, sent by a bare loop (the server's own cost; target >= 0.8x);
- Virtuoso (when Debian's virtuoso-opensource is installed): loading through the Digest-protected Graph
  Store and update endpoints (information), and `newsld query` vs the same request made directly: the
  library call vs a bare urllib GET in this process (target <= 1.2x), and the command vs curl (the
  difference is Python's start-up).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from _common import best_of, report, timings, varied_documents


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, location: Path) -> None:
        self.port = free_port()
        binary = Path(sys.executable).parent / "oxigraph"
        command = [str(binary), "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}"
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        for _ in range(300):
            try:
                opener.open(f"{self.base}/query?query=ASK%7B%7D", timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("oxigraph serve did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1200)
    parser.add_argument("--only", choices=["embedded", "servers"], help="run one part")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each embedded measurement (best is reported)")
    args = parser.parse_args()

    import pyoxigraph as ox

    from newsld.rdf import document_triples, serialize
    from newsld.store import open_target

    docs = varied_documents(args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "converted"
        out.mkdir()
        for i, doc in enumerate(docs):
            (out / f"a{i:05}.jsonld").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        nquads = Path(tmp) / "all.nq"
        with nquads.open("wb") as handle:
            for doc in docs:
                handle.write(serialize(document_triples(doc), "nquads", graph=doc["id"]))
        triples = sum(1 for _ in nquads.open("rb"))
        print(f"{len(docs)} articles, {triples:,} triples")

        changed = Path(tmp) / "changed"  # the same articles, each with a new headline: every reload replaces
        changed.mkdir()
        for i, doc in enumerate(docs):
            (changed / f"a{i:05}.jsonld").write_text(json.dumps(dict(doc, headline=f"{doc['headline']} (corrected)"),
                                                               ensure_ascii=False), encoding="utf-8")

        counter = iter(range(10**6))

        def fresh() -> Path:
            return Path(tmp) / f"store{next(counter)}"

        def bulk() -> None:
            store = ox.Store(str(fresh()))
            store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
            store.flush()

        def ours(validate: bool, jobs: int, store_dir: Path | None = None, source: Path = out) -> None:
            loader = open_target(store=store_dir or fresh(), jobs=jobs)
            try:
                loader.load_paths([str(source)], validate=validate)
            finally:
                loader.close()

        if args.only != "servers":
            from newsld.store.workers import default_jobs

            cores = default_jobs()
            print(f"{cores} cores; load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            times = {"bulk": timings(args.repeat, bulk)}
            for jobs in sorted({1, cores}):
                times[f"no-validate --jobs {jobs}"] = timings(args.repeat, lambda jobs=jobs: ours(False, jobs))
                times[f"validating --jobs {jobs}"] = timings(args.repeat, lambda jobs=jobs: ours(True, jobs))
            store_dir = fresh()
            ours(True, cores, store_dir)
            times["reload, unchanged"] = timings(args.repeat, lambda: ours(True, cores, store_dir))
            reloads: list[float] = []
            for i in range(args.repeat):  # alternate the two versions, so each run replaces every article
                reloads += timings(1, lambda i=i: ours(True, cores, store_dir, changed if i % 2 == 0 else out))
            times["reload, every article changed"] = reloads
            print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            t_bulk = min(times["bulk"])
            for name, runs in times.items():
                spread = f"{triples / max(runs):,.0f}-{triples / min(runs):,.0f}"
                print(f"  {name:32} best {min(runs):6.2f} s   triples/s over {len(runs)} runs {spread}")
            for name, target in ((f"validating --jobs {cores}", ">= 0.8x"), (f"no-validate --jobs {cores}", ">= 0.8x"),
                                 ("validating --jobs 1", "(information)"), ("no-validate --jobs 1", "(information)"),
                                 ("reload, unchanged", "(information)"),
                                 ("reload, every article changed", "(information)")):
                report(f"embedded: triples/s, load {name} vs bulk_load", triples / min(times[name]),
                       triples / t_bulk, target)

        if args.only == "embedded":
            return
        # a real server
        server = Server(Path(tmp) / "srv1")
        try:
            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            start = time.perf_counter()
            request = urllib.request.Request(f"{server.base}/store", data=nquads.read_bytes(), method="POST",
                                             headers={"Content-Type": "application/n-quads"})
            opener.open(request, timeout=600).close()
            t_post = time.perf_counter() - start
        finally:
            server.stop()
        # the same update requests newsld sends, built beforehand and sent by a bare loop: the server's own cost
        from newsld.store import LoadReport, iter_graphs, replace_graph_update

        graphs = list(iter_graphs([str(out)], LoadReport(), validate=False))
        bodies = [" ;\n".join(replace_graph_update(g) for g in graphs[i:i + 50]).encode("utf-8")
                  for i in range(0, len(graphs), 50)]
        del graphs
        server = Server(Path(tmp) / "srv-bare")
        try:
            start = time.perf_counter()
            for body in bodies:
                request = urllib.request.Request(f"{server.base}/update", data=body, method="POST",
                                                 headers={"Content-Type": "application/sparql-update"})
                opener.open(request, timeout=600).close()
            t_bare = time.perf_counter() - start
        finally:
            server.stop()
        del bodies
        for label, extra in (("batched SPARQL update", ["--update-endpoint"]), ("graph store PUT", [])):
            server = Server(Path(tmp) / f"srv-{label[:5]}")
            try:
                cmd = [sys.executable, "-m", "newsld", "load", str(out), "--no-validate", "-q",
                       "--endpoint", f"{server.base}/store"]
                if extra:
                    cmd += [extra[0], f"{server.base}/update"]
                start = time.perf_counter()
                subprocess.run(cmd, check=True)
                elapsed = time.perf_counter() - start
            finally:
                server.stop()
            report(f"server: triples/s, load ({label}) vs one bulk POST", triples / elapsed, triples / t_post,
                   ">= 0.5x" if extra else "(information)")
            if extra:
                report("server: triples/s, load (batched SPARQL update) vs the same updates sent by a bare loop",
                       triples / elapsed, triples / t_bare, ">= 0.8x")

        virtuoso(out, tmp, docs)


def virtuoso(out: Path, tmp: str, docs: list[dict[str, object]]) -> None:
    """Loads and a query against a real Virtuoso, started as the tests start it."""
    import os
    import shutil
    import statistics
    import urllib.parse

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.conftest import VirtuosoServer, _virtuoso_missing

    missing = _virtuoso_missing()
    if missing:
        print(f"virtuoso: skipped: {missing}")
        return
    few = Path(tmp) / "converted-200"  # Virtuoso's SPARQL Update is slow: a smaller set keeps the run short
    few.mkdir()
    for path in sorted(out.glob("*.jsonld"))[:200]:
        (few / path.name).write_bytes(path.read_bytes())
    from newsld.rdf import document_triples

    few_triples = sum(len(document_triples(doc)) for doc in docs[:200])
    server = VirtuosoServer(Path(tmp) / "virtuoso")
    server.start()
    env = dict(os.environ, NEWSLD_USER="dba", NEWSLD_PASSWORD="dba")
    try:
        for label, extra in (("Graph Store PUT per article", []),
                             ("batched update, typed literals by STRDT", ["--update-endpoint",
                                                                          f"{server.base}/sparql-auth"])):
            cmd = [sys.executable, "-m", "newsld", "load", str(few), "--no-validate", "-q",
                   "--endpoint", f"{server.base}/sparql-graph-crud-auth", *extra]
            start = time.perf_counter()
            subprocess.run(cmd, check=True, env=env)
            elapsed = time.perf_counter() - start
            print(f"virtuoso: load 200 articles ({label}): {few_triples / elapsed:,.0f} triples/s")

        from newsld.store import RemoteStore

        query = (Path(__file__).resolve().parents[1] / "queries" / "claims-by-actor.rq").read_text(encoding="utf-8")
        endpoint = f"{server.base}/sparql"
        remote = RemoteStore(query_endpoint=endpoint)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        url = endpoint + "?" + urllib.parse.urlencode({"query": query})

        def direct() -> None:
            request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
            with opener.open(request, timeout=60) as response:
                json.loads(response.read())

        remote.query(query)
        t_lib = statistics.median(best_of(1, lambda: remote.query(query)) for _ in range(15))
        t_direct = statistics.median(best_of(1, direct) for _ in range(15))
        report("virtuoso: query, RemoteStore.query vs a bare urllib GET (ms)", t_lib * 1000, t_direct * 1000, "<= 1.2x",
               higher_is_better=False)
        t_cli = statistics.median(best_of(1, lambda: subprocess.run(
            [sys.executable, "-m", "newsld", "query", query, "--endpoint", endpoint, "-f", "json"],
            check=True, capture_output=True)) for _ in range(5))
        if shutil.which("curl"):
            t_curl = statistics.median(best_of(1, lambda: subprocess.run(
                ["curl", "-sf", "-G", "-H", "Accept: application/sparql-results+json", "--data-urlencode",
                 f"query={query}", endpoint], check=True, capture_output=True)) for _ in range(5))
            report("virtuoso: query, newsld query vs curl, whole command (ms)", t_cli * 1000, t_curl * 1000,
                   "(information)",
                   higher_is_better=False)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
