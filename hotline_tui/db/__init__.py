"""Persistence: the engine and Store, the tables, the schema migrations. No rules."""
