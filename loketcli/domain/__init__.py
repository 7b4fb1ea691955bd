"""Domain: cases, visitors, timeline events and the vocabularies, free of storage and UI."""
