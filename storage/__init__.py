"""Persistence: SQLModel tables, the engine factory, migrations and keyword-only queries.

Nothing here imports `bot` or `handlers`.
"""
