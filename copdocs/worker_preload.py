"""Loaded once by the worker fork server, before it forks any worker: the readers, and the word
segmenter with its dictionary, so that each worker starts with them in memory (shared, copy on
write) instead of loading them itself before its first file."""

from copdocs import analyse_file  # noqa: F401 - imported for its side effect
from pipeline.readers import doc, docx, html, markdown, pdf, text  # noqa: F401
from pipeline.segment import segmenter

segmenter()
