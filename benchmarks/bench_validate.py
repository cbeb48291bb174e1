"""Speed of `newsld validate`, each stage against the bare library it is built on, in the same run.

  python benchmarks/bench_validate.py [--docs 10000]

- JSON Schema stage vs jsonschema-rs validating the same parsed documents bare (target >= 0.5x),
  with python-jsonschema on a sample for scale;
- SHACL stage (newsld's engine, including JSON-LD to RDF) vs pySHACL on the same merged graph (target >= 3x);
- start-up: `newsld --help` (target <= 0.25 s) and validating one small file (target <= 0.6 s),
  each also as a ratio to a bare `python -c pass`, and a check that spaCy is never imported.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from _common import FIXTURES, best_of, median_of, report, varied_documents


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--shacl-triples", type=int, default=100_000)
    args = parser.parse_args()

    import jsonschema_rs

    from newsld.rdf import document_triples
    from newsld.resources import DOCUMENT_SCHEMA, schemas
    from newsld.validation.validate import Validator

    docs = varied_documents(args.docs)
    size = sum(len(str(d)) for d in docs) / len(docs)
    print(f"{len(docs)} documents, about {size / 1024:.1f} KB each")
    validator = Validator()

    # JSON Schema stage
    registry = jsonschema_rs.Registry(list(schemas().items()))
    bare = jsonschema_rs.validator_for(schemas()[DOCUMENT_SCHEMA], registry=registry)
    assert all(bare.is_valid(d) for d in docs)
    t_bare = best_of(3, lambda: [bare.is_valid(d) for d in docs])
    t_ours = best_of(3, lambda: [validator.schema_stage(d) for d in docs])
    report("JSON Schema stage, docs/s (vs jsonschema-rs bare)", len(docs) / t_ours, len(docs) / t_bare, ">= 0.5x")
    try:
        import jsonschema
        from referencing import Registry, Resource

        ref_registry = Registry().with_resources((k, Resource.from_contents(v)) for k, v in schemas().items())
        slow = jsonschema.Draft202012Validator(schemas()[DOCUMENT_SCHEMA], registry=ref_registry)
        sample = docs[:200]
        t_slow = best_of(1, lambda: [slow.is_valid(d) for d in sample]) / len(sample) * len(docs)
        report("JSON Schema stage, docs/s (vs python-jsonschema, for scale)", len(docs) / t_ours,
               len(docs) / t_slow, "(information)")
    except ImportError:
        pass

    # SHACL stage, on the same merged graph for both
    merged: list[dict] = []
    triples = 0
    for d in docs:
        if triples >= args.shacl_triples:
            break
        merged.append(d)
        triples += len(document_triples(d))
    t_shacl = best_of(3, lambda: [validator.shape_stage(d) for d in merged])
    try:
        import pyshacl
        from rdflib import Graph

        from newsld.rdf import serialize
        from newsld.resources import vocab_path
        nt = b"".join(serialize(document_triples(d), "ntriples") for d in merged)
        data = Graph().parse(data=nt.decode("utf-8"), format="nt")
        shapes = Graph().parse(vocab_path("shapes.ttl"), format="turtle")
        ontology = Graph().parse(vocab_path("newsld.ttl"), format="turtle")
        start = time.perf_counter()
        conforms, _, _ = pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none")
        t_pyshacl = time.perf_counter() - start
        assert conforms
        report(f"SHACL stage, triples/s on {triples:,} triples (vs pySHACL bare)", triples / t_shacl,
               triples / t_pyshacl, ">= 3x")
    except ImportError:
        print("pySHACL is not installed: pip install pyshacl to compare")
    full = best_of(1, lambda: [validator.check_document(d, "bench") for d in docs])
    print(f"{'both stages, documents per second':58} {len(docs) / full:12,.1f}")

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
