"""The pinned PyPI metadata database: format, reading, writing (docs/database.md)."""
