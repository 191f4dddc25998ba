"""Procedure search: Vietnamese folding, synonyms, and the search backend (Whoosh today)."""

from wardportal.search.engine import SearchBackend, SearchPage, SearchResult, WhooshBackend
from wardportal.search.folding import fold

__all__ = ["SearchBackend", "SearchPage", "SearchResult", "WhooshBackend", "fold"]
