"""copdocs: ingest and search climate-negotiation reports."""

__version__ = "0.1.0"
