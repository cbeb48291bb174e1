"""Validation results as values: an Issue per finding, a Report per run. Nothing here prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsld.errors import InputError

if TYPE_CHECKING:
    from newsld.validation.shacl import ValidationResult

SEVERITIES = ("error", "warning", "info")  # sh:Violation, sh:Warning, sh:Info
FAIL_ON = {"violation": frozenset({"error"}), "warning": frozenset({"error", "warning"}),
           "info": frozenset({"error", "warning", "info"})}


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding: where it is (file, line/col or JSON pointer, focus node) and what is wrong."""

    source: str
    message: str
    stage: str  # "schema", "shacl", "text", or "content" (a file that holds no newsld article)
    severity: str = "error"  # "error" (sh:Violation), "warning" (sh:Warning) or "info" (sh:Info)
    pointer: str | None = None
    line: int | None = None
    column: int | None = None
    focus: str | None = None  # the focus node in N-Triples form ("<https://...#claim-1>")
    path: str | None = None  # the property IRI, or a SHACL path in SPARQL syntax
    document: int | None = None  # 1-based line of a JSON lines document
    result: ValidationResult | None = None  # the SHACL result behind a "shacl" issue
    label: str | None = None  # the focus node named for a person: 'claim 3 of "Headline"', 'actor "Robert Wood"'

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
    fail_on: str = "violation"  # the least severe finding that makes the run fail

    @property
    def conforms(self) -> bool:
        """SHACL's sh:conforms for the whole run: no finding of any severity (and nothing unreadable)."""
        return not self.failures and not self.issues

    @property
    def ok(self) -> bool:
        """No unreadable input and no finding severe enough to fail (errors, unless --fail-on says more)."""
        failing = FAIL_ON[self.fail_on]
        return not self.failures and not any(i.severity in failing for i in self.issues)

    @property
    def exit_code(self) -> int:
        """0 valid, 1 invalid data, 3 some input could not be read or parsed."""
        if self.failures:
            return 3
        return 0 if self.ok else 1

    def count(self, severity: str) -> int:
        return sum(1 for i in self.issues if i.severity == severity)

    def extend(self, other: Report) -> None:
        self.issues.extend(other.issues)
        self.failures.extend(other.failures)
        self.files += other.files
        self.documents += other.documents
