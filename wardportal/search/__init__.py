"""Procedure search: Vietnamese folding, synonyms, and the search backend (Whoosh today)."""

from .engine import SearchBackend, SearchPage, SearchResult, WhooshBackend
from .folding import fold

__all__ = ["SearchBackend", "SearchPage", "SearchResult", "WhooshBackend", "fold"]
