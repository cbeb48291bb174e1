"""Find the input files named on a command line: paths, directories, globs; shared by convert, validate and load.

A directory is walked in sorted order, hidden entries (names starting with '.') left out. A symbolic
link inside it that leads outside the directory is skipped with a warning unless symlinks are
followed on request; a link back to a directory already being walked (a loop) is always skipped.
Every file found carries its path relative to the root it was found under, so outputs can mirror
the input tree.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from newsld.errors import InputError


@dataclass(frozen=True)
class Found:
    """One input file and its path relative to the directory (or glob base) it was found under."""

    path: Path
    relative: PurePosixPath
    shown: str | None = None  # how messages name it, when `path` was made absolute for another machine

    @property
    def source(self) -> str:
        """How messages name the file: the path as the user gave or reached it."""
        return self.shown if self.shown is not None else str(self.path)

    def absolute(self) -> Found:
        """The same input with an absolute path (for workers with another working directory)."""
        return Found(self.path.absolute(), self.relative, self.source)


@dataclass(frozen=True)
class Skipped:
    """An input (or a record inside one) that was passed over on purpose, and why."""

    source: str
    reason: str
    warn: bool = False  # True: the user should hear about it (a symlink left out); False: only counted


def _suffix_of(path: Path) -> str:
    """The extension that decides how a file is read: '.warc.gz' counts as one, '.TXT' as '.txt'."""
    name = path.name.lower()
    for double in (".warc.gz",):
        if name.endswith(double):
            return double
    return path.suffix.lower()


def _inside(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
    except ValueError:
        return False
    return True


def _walk(root: Path, extensions: set[str], follow_symlinks: bool) -> Iterator[Found | Skipped]:
    """Files under root with a known extension, in sorted path order; links handled as described above."""
    real_root = root.resolve()

    def walk(folder: Path, relative: PurePosixPath, ancestors: frozenset[Path]) -> Iterator[Found | Skipped]:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as e:
            yield Skipped(str(folder), f"cannot be listed: {e.strerror or e}", warn=True)
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            rel = relative / entry.name
            if entry.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    yield Skipped(str(path), "is a broken or looping symbolic link; skipped", warn=True)
                    continue
                if not follow_symlinks and not _inside(target, real_root):
                    yield Skipped(str(path), f"is a symbolic link to {target}, outside {root}; skipped "
                                  "(use --follow-symlinks to read it)", warn=True)
                    continue
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                real = path.resolve()
                if real in ancestors:
                    yield Skipped(str(path), "is a symbolic link back to a folder being read (a loop); skipped",
                                  warn=True)
                    continue
                yield from walk(path, rel, ancestors | {real})
            elif _suffix_of(path) in extensions:
                try:
                    regular = entry.is_file(follow_symlinks=True)
                except OSError:
                    regular = False
                if regular:
                    yield Found(path, rel)

    yield from walk(root, PurePosixPath(), frozenset({real_root}))


def _glob_base(pattern: str) -> Path:
    """The longest leading part of a glob pattern without wildcards: what matches are relative to."""
    parts = Path(pattern).parts
    base: list[str] = []
    for part in parts:
        if glob.has_magic(part):
            break
        base.append(part)
    return Path(*base) if base else Path(".")


def discover(paths: Iterable[str], extensions: set[str], *, follow_symlinks: bool = False
             ) -> Iterator[Found | Skipped | InputError]:
    """Every input file named by `paths`: files as given, directories walked, globs expanded (all sorted)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = False
            for item in _walk(path, extensions, follow_symlinks):
                found = found or isinstance(item, Found)
                yield item
            if not found:
                yield InputError(raw, "directory holds no files to read (" + ", ".join(sorted(extensions)) + ")")
        elif path.exists() or path.is_symlink() or not glob.has_magic(raw):
            yield Found(path, PurePosixPath(path.name))
        else:
            base = _glob_base(raw)
            real_base = base.resolve()
            matches = sorted(glob.glob(raw, recursive=True))
            hits = 0
            for m in matches:
                match = Path(m)
                if not match.is_file() or any(p.startswith(".") for p in match.relative_to(base).parts):
                    continue
                if not follow_symlinks and not _inside(match.resolve(), real_base):
                    yield Skipped(m, f"leads outside {base} through a symbolic link; skipped "
                                  "(use --follow-symlinks to read it)", warn=True)
                    continue
                hits += 1
                yield Found(match, PurePosixPath(*match.relative_to(base).parts))
            if not hits:
                yield InputError(raw, "the pattern matches no files")


def expand_paths(paths: Iterable[str], extensions: set[str], *, follow_symlinks: bool = False
                 ) -> Iterator[Path | InputError]:
    """The files named by `paths` (as plain paths), or an error for each name that finds none."""
    for item in discover(paths, extensions, follow_symlinks=follow_symlinks):
        if isinstance(item, Found):
            yield item.path
        elif isinstance(item, InputError):
            yield item


__all__ = ["Found", "Skipped", "discover", "expand_paths"]
