"""The light rules: vocabularies, states, shifts, periods, permissions, text, the arithmetic
of clocks and floor plans, the arrival rule — what the first frame and every layer may
use, with no database and no screen. An import contract forbids SQLAlchemy, Alembic,
Textual and Rich here (pyproject.toml), and tests/unit/test_architecture.py imports the
whole package and checks that none of them was loaded."""
