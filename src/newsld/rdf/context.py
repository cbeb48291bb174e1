"""Which @context a newsld document may use: the 1.0 context by URL, or the same context inlined."""

from __future__ import annotations

from typing import Any

from newsld.errors import InputError, NetworkRefused
from newsld.resources import CONTEXT_URL, LEGACY_CONTEXT_URLS, context_document


def check_context(ctx: Any, source: str) -> None:
    """Raise for any @context but newsld 1.0's; a remote one is refused without being fetched."""
    if ctx == CONTEXT_URL or (isinstance(ctx, dict) and ctx == context_document()["@context"]):
        return
    if isinstance(ctx, str) and ctx in LEGACY_CONTEXT_URLS:
        raise InputError(source, f"uses the newsld 0.1 context {ctx!r}; newsld reads data model 1.0 "
                         f"({CONTEXT_URL}): convert the article again")
    items = ctx if isinstance(ctx, list) else [ctx]
    for item in items:
        if isinstance(item, str) and "://" in item and item != CONTEXT_URL:
            raise NetworkRefused(source, "@context", item)
    if isinstance(ctx, dict):
        raise InputError(source, "has an inline @context that differs from the newsld 1.0 context; write "
                         f"\"@context\": \"{CONTEXT_URL}\" (or inline it unchanged with --context inline)")
    raise InputError(source, f"must use the newsld context {CONTEXT_URL}")
