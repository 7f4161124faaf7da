"""copdocs' one exception hierarchy.

Every error a user can cause or meet is a ``CopdocsError`` whose message is one line, fit to
print as it is. Anything else that escapes copdocs is a bug, and is reported as one.
"""


class CopdocsError(Exception):
    """An error told to the user in one line."""


class UsageError(CopdocsError):
    """The request itself is wrong: fix the command or the query."""


class QueryError(UsageError):
    """The query has nothing that can be searched for."""


class MalformedSymbol(UsageError):
    """What was typed is not a UN document symbol or decision reference."""


class NotFound(UsageError):
    """No document or section with that id in the index."""


class IndexUnavailable(UsageError):
    """The index directory is missing, foreign or damaged."""


class IndexBusy(CopdocsError):
    """Another process holds the index's ingest lock."""


class WorkersUnavailable(CopdocsError):
    """Worker processes die before they can take any work."""


class ReadError(CopdocsError):
    """A source file could not be read; the message names the reason in one line."""
