"""Score CoNLL-2003 train on a fixed half: `dev` (rules may be tuned on it), `heldout` (only totals), or `all`.

The split is by file name only: a document is in the held-out half when the first byte of the
SHA-256 of its name is odd (the rule of polnear_halves.py). It never depends on the texts or the
gold, so it cannot drift. Look at the errors of the dev half; read only the totals of the other.

    python benchmarks/conll_halves.py dev --jobs 1 --keep /tmp/dev-ttl --errors 20
    python benchmarks/conll_halves.py heldout --ttl /tmp/all-ttl      # Turtle of a full run
    python benchmarks/conll_halves.py list dev                        # the names in one half

Every other option is the scorer's own (../shared/bigdev/score_spans.py): --ttl, --keep, --json,
--jobs, --cmd, --sample/--seed (a sample of the half). --errors is refused on the held-out half.
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
SET = "conll-train"
HALVES = ("dev", "heldout", "all")


def half_of(name: str) -> str:
    """"dev" or "heldout" for a CoNLL document name ("conll_train_042")."""
    return "heldout" if hashlib.sha256(name.encode("utf-8")).digest()[0] % 2 else "dev"


def _scorer() -> ModuleType:
    if not SCORER.exists():
        raise SystemExit(f"{SCORER}: the bigdev scorer is missing")
    sys.path.insert(0, str(SCORER.parent))  # its worker processes import it by name
    return importlib.import_module("score_spans")


def main(argv: list[str]) -> int:
    if argv[:1] == ["list"]:
        wanted = argv[1] if len(argv) > 1 else "dev"
        for path in sorted((SCORER.parent / SET / "gold").glob("*.json")):
            if wanted == "all" or half_of(path.stem) == wanted:
                print(path.stem)
        return 0
    if not argv or argv[0] not in HALVES:
        raise SystemExit(f"usage: conll_halves.py {{{','.join(HALVES)}}} [score_spans options] | list HALF")
    half, rest = argv[0], argv[1:]
    if half == "heldout" and any(a == "--errors" or a.startswith("--errors=") for a in rest):
        raise SystemExit("conll_halves.py: the held-out half shows totals only (no --errors)")
    scorer = _scorer()
    load_set = scorer.load_set

    def load_half(name: str, sample: int, seed: int) -> tuple[list[dict[str, Any]], int]:
        docs, _ = load_set(name, 0, seed)
        docs = [d for d in docs if half == "all" or half_of(d["name"]) == half]
        total = len(docs)
        if sample and sample < total:
            keep = set(random.Random(seed).sample([d["name"] for d in docs], sample))
            docs = [d for d in docs if d["name"] in keep]
        return docs, total

    scorer.load_set = load_half
    result: int = scorer.main([SET, *rest])
    return result


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
