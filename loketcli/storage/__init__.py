"""Storage: the SQLite file, its migrations and the repositories that seal and open rows."""
