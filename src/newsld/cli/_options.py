"""Option values checked where they are parsed: a bad one is a usage error (exit 2) naming the option.

Each parser is handed to `typer.Option(parser=...)`; typer turns its BadParameter into
"Error: Invalid value for '--jobs': ..." with exit 2, before the command runs. Nothing heavy is
imported here, so `--help` and option errors stay fast.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import typer

from newsld import formats

Parser = Callable[[str], object]


def format_of(choices: tuple[str, ...], option: str) -> Callable[[str], str]:
    """A parser of format names: the canonical name of any alias `option` accepts."""
    def parse(value: str) -> str:
        try:
            return formats.resolve(value, choices, option)
        except ValueError as e:
            raise typer.BadParameter(str(e)) from None
    return parse


def whole(minimum: int) -> Callable[[str], int]:
    """A parser of whole numbers no smaller than `minimum`."""
    def parse(value: str) -> int:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise typer.BadParameter(f"{value!r} is not a whole number") from None
        if number < minimum:
            raise typer.BadParameter(f"must be at least {minimum}, not {number}")
        return number
    return parse


def seconds(value: str) -> float:
    """A positive, finite number of seconds."""
    try:
        number = float(str(value).strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a number of seconds") from None
    if not math.isfinite(number) or number <= 0:
        raise typer.BadParameter(f"must be a positive number of seconds, not {value}")
    return number


def fraction(value: str) -> float:
    """A number from 0 to 1 (a confidence)."""
    try:
        number = float(str(value).strip())
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a number") from None
    if not 0.0 <= number <= 1.0:
        raise typer.BadParameter(f"must be between 0 and 1, not {value}")
    return number


def date(value: str) -> str:
    """A publication date: YYYY-MM-DD, or an ISO 8601 date-time with a zone."""
    from newsld.errors import InputError
    from newsld.sources.base import normalise_date

    try:
        return normalise_date(value, "--date")
    except InputError as e:
        raise typer.BadParameter(e.problem.removeprefix("date ")) from None


def url(value: str) -> str:
    """An absolute URL (or any absolute IRI)."""
    from newsld.errors import InputError
    from newsld.sources.base import check_url

    try:
        return check_url(value, "--url")
    except InputError as e:
        raise typer.BadParameter(e.problem.removeprefix("url ")) from None


def base_iri(value: str) -> str:
    """An IRI base that gives valid IRIs for articles, actors, claims and figures."""
    from newsld.convert import check_base
    from newsld.errors import UsageError

    try:
        check_base(value)
    except UsageError as e:
        raise typer.BadParameter(str(e).removeprefix("--base ")) from None
    return value


def existing_file(value: str) -> Path:
    """A file that exists."""
    path = Path(value)
    if not path.exists():
        raise typer.BadParameter(f"{value}: no such file")
    if path.is_dir():
        raise typer.BadParameter(f"{value} is a directory; give a file")
    return path


def existing_dir(value: str) -> Path:
    """A directory that exists."""
    path = Path(value)
    if not path.exists():
        raise typer.BadParameter(f"{value}: no such directory")
    if not path.is_dir():
        raise typer.BadParameter(f"{value} is a file; give a directory")
    return path


def not_a_file(value: str) -> Path:
    """A directory, or a path where one can be made."""
    path = Path(value)
    if path.exists() and not path.is_dir():
        raise typer.BadParameter(f"{value} is a file; give a directory")
    return path


QUIET_HELP = "Print errors only: no progress, warnings or summary."
VERBOSE_HELP = "Also print one line per input."


def verbosity(quiet: bool, verbose: bool) -> int:
    """-1 quiet, 0 normal, 1 verbose; both at once is a usage error."""
    if quiet and verbose:
        from newsld.errors import UsageError

        raise UsageError("give --quiet or --verbose, not both")
    return -1 if quiet else 1 if verbose else 0
