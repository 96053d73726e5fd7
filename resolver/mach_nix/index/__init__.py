"""Sources of candidates: the database, packse scenarios, live indexes, nixpkgs."""
