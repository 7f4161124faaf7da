"""When ingestion commits a batch: whichever comes first. Kept apart from the ingest machinery
so the CLI can show the defaults without importing it."""

COMMIT_EVERY = 250  # files
COMMIT_BYTES = 32 * 1024 * 1024  # of source files
COMMIT_SECONDS = 30.0
TAIL_FILES = 16  # files still to come when a batch is committed early, near the end
