"""Lock files: the resolved set as a PEP 751 pylock.toml (docs/lock.md)."""
