"""Default size limits of one input (kept apart so the CLI can show them without importing a reader)."""

DEFAULT_MAX_CHARS = 2_000_000  # code points of article text; past it an input is refused, not truncated
DEFAULT_MAX_BYTES = 16 * 1024 * 1024  # bytes of one document (a page, a record, a text file) before reading it
