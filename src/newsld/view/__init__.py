"""Review pages: an article's text with its actors, claims and figures marked, as self-contained HTML."""

from newsld.view.render import Cell, Column, Note, render_comparison, render_fragment, render_index, render_page
from newsld.view.spans import Highlight, highlights

__all__ = ["Cell", "Column", "Highlight", "Note", "highlights", "render_comparison", "render_fragment",
           "render_index", "render_page"]
