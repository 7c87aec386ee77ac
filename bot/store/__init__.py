"""Storage: SQLAlchemy tables, the repository, the unit of work, Alembic migrations."""
