"""Speed of `newsld validate`, against the libraries it stands beside, measured in the same run.

  python benchmarks/bench_validate.py [--docs 2000] [--pyshacl-sample N]

- End to end: `newsld validate` on N converted-like articles, as one JSON lines file and as one
  N-Quads file (each article in its named graph), in a fresh process (start-up, parsing, JSON
  Schema, JSON-LD to RDF, SHACL, text checks), against pySHACL validating the same graphs with
  the same shapes (vocab/shapes.ttl, no ontology, no inference): document by document for the
  JSON lines file and on the merged graph for the N-Quads file. pySHACL's time is its validate()
  call alone (rdflib's parsing is reported beside it, not counted). Target: >= 10x both ways.
  newsld is timed before and after pySHACL and its best run kept.
  --pyshacl-sample N times pySHACL per document on N documents and scales to all (reported so).
- JSON Schema stage vs jsonschema-rs validating the same parsed documents bare (target >= 0.5x).
- Start-up: `newsld --help` (target <= 0.25 s) and validating one small file (target <= 0.6 s),
  and a check that spaCy is never imported by validate.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import FIXTURES, best_of, median_of, report, varied_documents


def newsld_validate(path: Path) -> float:
    """Wall time of one `newsld validate PATH` run in a fresh interpreter (it must pass)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "newsld", "validate", str(path)], capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"newsld validate {path} failed: {proc.stdout.decode()[-500:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--pyshacl-sample", type=int, default=0,
                        help="time pySHACL per document on this many documents and scale (0: all of them)")
    args = parser.parse_args()

    import pyoxigraph as ox

    from newsld.rdf import document_quads, document_triples, serialize
    from newsld.resources import vocab_path

    docs = varied_documents(args.docs)
    tmp = Path(tempfile.mkdtemp(prefix="newsld-bench-"))
    jsonl, nquads = tmp / "articles.jsonl", tmp / "articles.nq"
    jsonl.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    quads = [q for d in docs for q in document_quads(d, graph=d["id"])]
    nquads.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
    per_doc_nt = [serialize(document_triples(d), "ntriples") for d in docs]
    print(f"{len(docs)} articles, {len(quads):,} quads; JSON lines {jsonl.stat().st_size / 1e6:.1f} MB, "
          f"N-Quads {nquads.stat().st_size / 1e6:.1f} MB")

    # newsld end to end, in a fresh process each time; timed before and after pySHACL, and the
    # best run kept, so a change in the machine's load during the long baseline does not favour either
    t_jsonl = best_of(2, lambda: newsld_validate(jsonl))
    t_nquads = best_of(2, lambda: newsld_validate(nquads))

    try:
        import pyshacl
        from rdflib import Graph
    except ImportError:
        print("pySHACL is not installed: pip install pyshacl to compare")
        pyshacl = None
    if pyshacl is not None:
        shapes = Graph().parse(vocab_path("shapes.ttl"), format="turtle")
        sample = per_doc_nt[: args.pyshacl_sample] if args.pyshacl_sample else per_doc_nt
        parse_each = validate_each = 0.0
        for data in sample:
            start = time.perf_counter()
            graph = Graph().parse(data=data.decode("utf-8"), format="nt")
            parsed = time.perf_counter()
            conforms, _, _ = pyshacl.validate(graph, shacl_graph=shapes, inference="none")
            validate_each += time.perf_counter() - parsed
            parse_each += parsed - start
            assert conforms
        scale = len(per_doc_nt) / len(sample)
        validate_each, parse_each = validate_each * scale, parse_each * scale
        scaled = f", scaled from {len(sample)}" if scale != 1 else ""
        start = time.perf_counter()
        merged = Graph().parse(data=b"".join(per_doc_nt).decode("utf-8"), format="nt")
        parse_merged = time.perf_counter() - start
        start = time.perf_counter()
        conforms, _, _ = pyshacl.validate(merged, shacl_graph=shapes, inference="none")
        validate_merged = time.perf_counter() - start
        assert conforms
        t_jsonl = min(t_jsonl, best_of(2, lambda: newsld_validate(jsonl)))
        t_nquads = min(t_nquads, best_of(2, lambda: newsld_validate(nquads)))
        report(f"JSON lines end to end, s (vs pySHACL per document{scaled})", 1 / t_jsonl, 1 / validate_each,
               ">= 10x")
        print(f"{'':58} newsld {t_jsonl:8.2f} s   pySHACL validate {validate_each:8.2f} s "
              f"(+ rdflib parsing {parse_each:.2f} s)")
        report("N-Quads end to end, s (vs pySHACL on the merged graph)", 1 / t_nquads, 1 / validate_merged, ">= 10x")
        print(f"{'':58} newsld {t_nquads:8.2f} s   pySHACL validate {validate_merged:8.2f} s "
              f"(+ rdflib parsing {parse_merged:.2f} s)")
    else:
        print(f"newsld end to end: JSON lines {t_jsonl:.2f} s, N-Quads {t_nquads:.2f} s")

    # JSON Schema stage
    import jsonschema_rs

    from newsld.resources import DOCUMENT_SCHEMA, schemas
    from newsld.validation.validate import Validator

    validator = Validator()
    registry = jsonschema_rs.Registry(list(schemas().items()))
    bare = jsonschema_rs.validator_for(schemas()[DOCUMENT_SCHEMA], registry=registry)
    assert all(bare.is_valid(d) for d in docs)
    t_bare = best_of(3, lambda: [bare.is_valid(d) for d in docs])
    t_ours = best_of(3, lambda: [validator.schema_stage(d) for d in docs])
    report("JSON Schema stage, docs/s (vs jsonschema-rs bare)", len(docs) / t_ours, len(docs) / t_bare, ">= 0.5x")

    # start-up
    small = FIXTURES / "valid" / "harbour-budget.jsonld"
    python = median_of(5, lambda: subprocess.run([sys.executable, "-c", "pass"], check=True))
    helptime = median_of(5, lambda: subprocess.run([sys.executable, "-m", "newsld", "--help"], check=True,
                                                   capture_output=True))
    one = median_of(5, lambda: subprocess.run([sys.executable, "-m", "newsld", "validate", str(small)], check=True,
                                              capture_output=True))
    print(f"{'start-up: newsld --help, seconds':58} {helptime:12.3f}   python -c pass {python:.3f}   "
          f"ratio {helptime / python:4.1f}x   target <= 0.25 s")
    print(f"{'start-up: validate one small file, seconds':58} {one:12.3f}   python -c pass {python:.3f}   "
          f"ratio {one / python:4.1f}x   target <= 0.6 s")
    code = (f"import sys\nfrom newsld.cli import app\ntry:\n    app(['validate', {str(small)!r}])\n"
            "except SystemExit:\n    pass\nprint('spacy' in sys.modules)")
    imported = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    print(f"{'spaCy imported while validating':58} {imported.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
