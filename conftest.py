"""Root conftest: doctests run over src/kzgloss (as babel does), except modules that only make
sense when run by a tool (Alembic's env.py, the migration scripts, ``__main__``)."""

collect_ignore_glob = ["src/kzgloss/migrations/*", "src/kzgloss/__main__.py", "benchmarks/*"]
