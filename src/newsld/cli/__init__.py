"""The newsld command line: parse options, call the library, render, exit. No logic lives here."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from typer.core import TyperCommand

from newsld import __version__
from newsld.errors import NewsldError

F = TypeVar("F", bound=Callable[..., object])


class Command(TyperCommand):
    """A command whose help names arguments by their metavar (INPUT...), as click and argparse do, not by
    their Python type."""

    def _argument_name(self, param: Any) -> str:
        name = str(param.metavar or param.name.upper())
        return name if param.nargs == 1 or name.endswith("...") else name + "..."

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = self._argument_name(param)
                pieces.append(name if param.required else f"[{name}]")
            else:
                pieces.extend(param.get_usage_pieces(ctx))
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((self._argument_name(param), record[1]))
            else:
                options.append(record)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)


app = typer.Typer(
    name="newsld",
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
_verbosity = 0  # -1 quiet (errors only), 0 normal, 1 verbose; set by each command from -q / -v


def set_verbosity(level: int) -> None:
    """How much the running command prints besides errors (its -q / -v)."""
    global _verbosity
    _verbosity = level


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsld {__version__}")
        raise typer.Exit()


@app.callback(epilog="Exit codes: " + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items()) + ".")
def root(
    traceback: bool = typer.Option(False, "--traceback", help="Show the full Python traceback on errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """Turn news articles into linked data you can trust, query and check in CI.

    Run 'newsld COMMAND --help' for a command's options. Every command takes -q (errors only)
    and -v (a line per input); on a terminal, convert, validate and load show a progress bar.
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

    if _verbosity < 0:
        return

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
            except BrokenPipeError:  # the reader went away (`| head`): stop quietly, as other tools do
                _silence_stdout()
                raise typer.Exit(0) from None
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


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush does not fail again on the closed pipe."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _register() -> None:
    from newsld.cli import convert, evaluate, load, validate, view  # noqa: F401  (commands register themselves)


_register()


def main() -> None:
    """Entry point of the `newsld` script."""
    try:
        app()
    except BrokenPipeError:
        _silence_stdout()
        sys.exit(0)
