"""Rendering: the only layer that knows about rich, tables and JSON layout."""
