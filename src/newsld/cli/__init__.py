"""The newsld command line: parse options, call the library, render, exit. No logic lives here."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

import typer

from newsld import __version__
from newsld.errors import NewsldError

F = TypeVar("F", bound=Callable[..., object])

app = typer.Typer(
    name="newsld",
    help="Turn news articles into linked data you can trust, query and check in CI.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_CODES = {
    0: "success: everything valid, converted or loaded",
    1: "invalid data: validation found errors",
    2: "usage error: bad options, missing model or extra",
    3: "input error: a file could not be read or parsed (other files were still processed)",
    4: "internal error",
    5: "store error: the triple store or SPARQL endpoint failed or refused",
    6: "output error: an output file could not be written",
}
_traceback = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsld {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    traceback: bool = typer.Option(False, "--traceback", help="Show the full Python traceback on errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Turn news articles into linked data you can trust, query and check in CI.

    Exit codes: 0 success, 1 invalid data, 2 usage error, 3 unreadable input,
    4 internal error, 5 store error, 6 output error.
    """
    global _traceback
    _traceback = traceback


def fail(error: NewsldError) -> typer.Exit:
    """Print one line for a newsld error and return the exit carrying its documented code."""
    from newsld._terminal import printable

    typer.echo(printable(f"newsld: error: {error}"), err=True)
    return typer.Exit(error.exit_code)


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: object = None, line: str | None = None) -> None:
    from newsld._terminal import printable

    typer.echo(printable(f"newsld: warning: {message}"), err=True)


def guarded(func: F) -> F:
    """Map newsld exceptions to their documented exit codes; --traceback adds the trace but keeps the code."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: object, **kwargs: object) -> object:
        import traceback
        import warnings

        from newsld.errors import NewsldWarning

        with warnings.catch_warnings():
            warnings.simplefilter("always", NewsldWarning)
            warnings.showwarning = _show_warning
            try:
                return func(*args, **kwargs)
            except NewsldError as e:
                if _traceback:
                    traceback.print_exc()
                raise fail(e) from None
            except KeyboardInterrupt:
                typer.echo("newsld: interrupted", err=True)
                raise typer.Exit(130) from None
            except (typer.Exit, typer.Abort):
                raise
            except Exception as e:  # a bug: one line and exit 4, the trace only on request
                from newsld._terminal import printable

                if _traceback:
                    traceback.print_exc()
                typer.echo(printable(f"newsld: internal error: {type(e).__name__}: {e}"
                                     + ("" if _traceback else " (run 'newsld --traceback ...' for details)")), err=True)
                raise typer.Exit(4) from None

    return wrapper  # type: ignore[return-value]


def _register() -> None:
    from newsld.cli import convert, evaluate, load, validate, view  # noqa: F401  (commands register themselves)


_register()


def main() -> None:
    """Entry point of the `newsld` script."""
    try:
        app()
    except BrokenPipeError:
        sys.exit(0)
