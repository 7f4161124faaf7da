"""Errors the pipeline reports to users: one clear line each, never a traceback."""


class ReadError(Exception):
    """A source file could not be read; the message names the reason in one line."""
