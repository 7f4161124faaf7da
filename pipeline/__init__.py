"""Ingest stages: file -> reader -> blocks -> sections -> normalized, segmented, tagged text."""
