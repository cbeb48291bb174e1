"""The work of a load cut into units that any process can do, and put back together in input order.

A unit is a few whole files (an article's JSON-LD file and the RDF files beside it always share one), or the
lines of part of a large JSON lines file. Reading, validating and serialising a unit needs nothing but the unit,
so worker processes can do it while this process writes; `Assembler` then takes the results in input order and
applies the rules that span units: a file validated in parts loads only if every part passes, and an RDF file
that repeats the JSON-LD file beside it is passed over.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsld.errors import InputError
from newsld.store.inputs import (
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    LOADABLE,
    RDF_FORMATS,
    ArticleGraph,
    FileResult,
    LoadReport,
    Verdict,
    fingerprint,
    read_file,
    read_json,
)

FILES_PER_UNIT = 16
PART_BYTES = 1 << 20  # a JSON lines file larger than this is cut into parts of about this size
RECENT = 8  # JSON files remembered for recognising the RDF files beside them


@dataclass(frozen=True)
class Lines:
    """Whole lines of a JSON lines file (UTF-8, checked when the file was cut), the first being `first_line`."""

    source: str
    data: bytes
    first_line: int
    part: int
    last: bool


@dataclass(frozen=True)
class Unit:
    """Files to read in order, or lines of one large file, or an input that could not be read at all."""

    files: tuple[str, ...] = ()
    lines: Lines | None = None
    error: InputError | None = None


def _stem(path: Path) -> Path:
    return path.with_suffix("")


def _is_large_jsonl(path: Path, part_bytes: int) -> bool:
    if path.suffix.lower() not in JSONL_SUFFIXES:
        return False
    try:
        return os.stat(path).st_size > part_bytes
    except OSError:
        return False  # the worker reports why it cannot be read


def _line_units(path: Path, part_bytes: int) -> Iterator[Unit]:
    """A large JSON lines file cut at line ends into parts; reading or decoding it failing is the file's error."""
    from newsld._textio import decode_utf8, read_bytes

    source = str(path)
    try:
        data = read_bytes(path)
        decode_utf8(data, source)  # the file's own errors (a BOM, invalid UTF-8 at byte N) before it is cut
    except InputError as e:
        yield Unit(error=e)
        return
    start, first_line, part = 0, 1, 0
    while start < len(data):
        cut = data.find(b"\n", start + part_bytes)
        end = len(data) if cut < 0 else cut + 1
        yield Unit(lines=Lines(source, data[start:end], first_line, part, end >= len(data)))
        first_line += data.count(b"\n", start, end)
        start, part = end, part + 1


def plan(paths: Iterable[str], *, files_per_unit: int = FILES_PER_UNIT, part_bytes: int = PART_BYTES
         ) -> Iterator[Unit]:
    """The units of work for loading `paths` (files, directories, globs), in input order: up to
    `files_per_unit` files each, never parting files of one stem; JSON lines files over `part_bytes` in parts."""
    from newsld.validation.validate import expand_paths

    group: list[str] = []
    last_stem: Path | None = None
    for item in expand_paths(paths, LOADABLE):
        large = not isinstance(item, InputError) and _is_large_jsonl(item, part_bytes)
        if group and (isinstance(item, InputError) or large
                      or (len(group) >= files_per_unit and _stem(item) != last_stem)):
            yield Unit(files=tuple(group))
            group = []
        if isinstance(item, InputError):
            yield Unit(error=item)
        elif large:
            yield from _line_units(item, part_bytes)
        else:
            group.append(str(item))
            last_stem = _stem(item)
    if group:
        yield Unit(files=tuple(group))


def run_unit(unit: Unit, validate: bool) -> list[FileResult]:
    """Read, validate and serialise one unit (in whatever process runs it)."""
    collecting = gc.isenabled()
    gc.disable()  # reading creates no reference cycles: collect after the unit, not again and again during it
    try:
        return _run(unit, validate)
    finally:
        if collecting:
            gc.enable()


def _run(unit: Unit, validate: bool) -> list[FileResult]:
    if unit.error is not None:
        e = unit.error
        return [FileResult(e.source, fatal=e if type(e) is InputError else InputError(e.source, e.problem))]
    if unit.lines is not None:
        lines = unit.lines
        path = Path(lines.source)
        return [read_json(path, b"", validate=validate, text=lines.data.decode("utf-8"), first_line=lines.first_line,
                          part=lines.part, last=lines.last)]
    results = []
    recent: dict[Path, list[ArticleGraph]] = {}
    for name in unit.files:
        path = Path(name)
        result = read_file(path, validate=validate, sibling=recent.get(_stem(path)))
        if _loads_as_json(result):
            _remember(recent, _stem(path), result.graphs)
        results.append(result)
    return results


def _loads_as_json(result: FileResult) -> bool:
    return result.json and result.fatal is None and (
        result.verdict is None or Verdict.refusal(result.source, [result.verdict]) is None)


def _remember(recent: dict[Path, list[ArticleGraph]], stem: Path, graphs: list[ArticleGraph]) -> None:
    recent.pop(stem, None)
    recent[stem] = graphs
    if len(recent) > RECENT:
        del recent[next(iter(recent))]


@dataclass
class Assembler:
    """Takes unit results in input order and gives the article graphs to store; refusals go to the report."""

    report: LoadReport
    recent: dict[Path, list[ArticleGraph]] = field(default_factory=dict)
    parts: list[FileResult] = field(default_factory=list)  # the parts so far of a file read in parts

    def take(self, result: FileResult) -> list[ArticleGraph]:
        if result.part > 0 or not result.last:
            self.parts.append(result)
            if not result.last:
                return []
            parts, self.parts = self.parts, []
            return self._whole(parts)
        return self._whole([result])

    def _whole(self, parts: list[FileResult]) -> list[ArticleGraph]:
        report = self.report
        source = parts[0].source
        path = Path(source)
        if parts[0].sibling:
            report.siblings += 1
            return []
        verdicts = [p.verdict for p in parts if p.verdict is not None]
        if verdicts:
            fatal = next((p.fatal for p in parts if p.fatal is not None), None)
            refused = fatal or Verdict.refusal(source, verdicts)
            if refused is not None:
                report.failures.append(refused)
                return []
        else:
            for p in parts:  # documents refused alone, up to a line that is not JSON (which refuses the file)
                report.failures.extend(p.failures)
                if p.fatal is not None:
                    report.failures.append(p.fatal)
                    return []
        graphs = [g for p in parts for g in p.graphs]
        if path.suffix.lower() in JSON_SUFFIXES:
            _remember(self.recent, _stem(path), graphs)
        elif path.suffix.lower() in RDF_FORMATS:
            sibling = self.recent.get(_stem(path))
            if sibling is not None and fingerprint(graphs) == fingerprint(sibling):
                report.siblings += 1
                return []
        return graphs
