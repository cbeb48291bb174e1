"""Helpers shared by the benchmarks: realistic documents, timing, and printing ratios."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def varied_documents(count: int) -> list[dict[str, Any]]:
    """`count` distinct, valid newsld documents built from the bundled valid fixtures (new IRIs and values)."""
    templates = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((FIXTURES / "valid").glob("*.jsonld"))]
    docs = []
    for i in range(count):
        template = templates[i % len(templates)]
        text = json.dumps(template, ensure_ascii=False).replace(template["id"], f"{template['id'][:-8]}{i:08x}")
        doc = json.loads(text)
        for figure in doc.get("figures", []):
            if isinstance(figure.get("value"), int):
                figure["value"] += i % 7
        docs.append(doc)
    return docs


def timings(repeat: int, func: Callable[[], object]) -> list[float]:
    """Wall times of `repeat` runs of func."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        out.append(time.perf_counter() - start)
    return out


def best_of(repeat: int, func: Callable[[], object]) -> float:
    """Fastest wall time of `repeat` runs (the least disturbed by other load on the machine)."""
    return min(timings(repeat, func))


def median_of(repeat: int, func: Callable[[], object]) -> float:
    return statistics.median(timings(repeat, func))


def report(name: str, ours: float, baseline: float, target: str, higher_is_better: bool = True) -> None:
    """Print one comparison: our rate, the baseline's, the ratio and the target."""
    ratio = ours / baseline if baseline else float("inf")
    print(f"{name:58} ours {ours:12,.1f}   baseline {baseline:12,.1f}   ratio {ratio:5.2f}x   target {target}")
