"""Score a bigdev set on a fixed half: `dev` (rules may be tuned on it), `heldout` (only its totals are
looked at), or `all`. Used by polnear_halves.py and conll_halves.py.

The split is by file name only: a document is in the held-out half when the first byte of the
SHA-256 of its name is odd. It never depends on the texts or the gold, so it cannot drift.
Every option but the half is the scorer's own (../shared/bigdev/score_spans.py): --ttl, --keep,
--json, --errors (refused on the held-out half), --jobs, --cmd, --sample/--seed (a sample of the half).
"""

from __future__ import annotations

import hashlib
import importlib
import random
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "bigdev" / "score_spans.py"
HALVES = ("dev", "heldout", "all")


def half_of(name: str) -> str:
    """"dev" or "heldout" for a document name (a file stem)."""
    return "heldout" if hashlib.sha256(name.encode("utf-8")).digest()[0] % 2 else "dev"


def _scorer() -> ModuleType:
    if not SCORER.exists():
        raise SystemExit(f"{SCORER}: the bigdev scorer is missing")
    sys.path.insert(0, str(SCORER.parent))  # its worker processes import it by name
    return importlib.import_module("score_spans")


def main(set_name: str, program: str, argv: list[str]) -> int:
    """`program HALF [score_spans options]` or `program list HALF` on the bigdev set `set_name`."""
    if argv[:1] == ["list"]:
        wanted = argv[1] if len(argv) > 1 else "dev"
        if wanted not in HALVES:
            raise SystemExit(f"{program} list: no half {wanted!r}; choose one of {', '.join(HALVES)}")
        for path in sorted((SCORER.parent / set_name / "gold").glob("*.json")):
            if wanted == "all" or half_of(path.stem) == wanted:
                print(path.stem)
        return 0
    if not argv or argv[0] not in HALVES:
        raise SystemExit(f"usage: {program} {{{','.join(HALVES)}}} [score_spans options] | list HALF")
    half, rest = argv[0], argv[1:]
    if half == "heldout" and any(a == "--errors" or a.startswith("--errors=") for a in rest):
        raise SystemExit(f"{program}: the held-out half shows totals only (no --errors)")
    scorer = _scorer()
    load_set = scorer.load_set

    def load_half(name: str, sample: int, seed: int) -> tuple[list[dict[str, Any]], int]:
        docs, _ = load_set(name, 0, seed)
        docs = [d for d in docs if half == "all" or half_of(d["name"]) == half]
        total = len(docs)
        if sample and sample < total:
            keep = set(random.Random(seed).sample([d["name"] for d in docs], sample))
            docs = [d for d in docs if d["name"] in keep]
        print(f"{program}: half {half!r}, {len(docs)} of its {total} documents", file=sys.stderr)
        return docs, total

    scorer.load_set = load_half
    result: int = scorer.main([set_name, *rest])
    return result
