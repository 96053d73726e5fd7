"""The crawler: fills a database from a PEP 691/503 index (docs/database.md)."""
