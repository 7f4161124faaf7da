"""Errors of the index package, each told to the user in one line."""


class IndexUnavailable(Exception):
    """The index directory is missing, foreign or damaged."""


class IndexBusy(Exception):
    """Another process holds the index's write lock."""
