"""Validation results as values: an Issue per finding, a Report per run. Nothing here prints."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsld.errors import InputError


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding: where it is (file, line/col or JSON pointer, focus node) and what is wrong."""

    source: str
    message: str
    stage: str  # "schema", "shacl" or "text"
    severity: str = "error"
    pointer: str | None = None
    line: int | None = None
    column: int | None = None
    focus: str | None = None
    path: str | None = None
    document: int | None = None  # 1-based line of a JSON lines document

    def location(self) -> str:
        """`file:line:col` when the position is known, else `file#/pointer` or the file alone."""
        where = self.source
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        if self.pointer is not None and self.line is None:
            where += f"#{self.pointer}"
        return where


@dataclass
class Report:
    """Everything one validation run found, across files."""

    issues: list[Issue] = field(default_factory=list)
    failures: list[InputError] = field(default_factory=list)
    files: int = 0
    documents: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures and not any(i.severity == "error" for i in self.issues)

    @property
    def exit_code(self) -> int:
        """0 valid, 1 invalid data, 3 some input could not be read or parsed."""
        if self.failures:
            return 3
        return 0 if self.ok else 1

    def extend(self, other: Report) -> None:
        self.issues.extend(other.issues)
        self.failures.extend(other.failures)
        self.files += other.files
        self.documents += other.documents
