"""What SQLModel would cost the desk, measured: the figures behind leaving it out (docs/architecture.md).

Not a dependency of the desk: ``pip install sqlmodel`` first. Two figures, each the
median of several fresh runs:

1. the import of ``sqlmodel`` (and with it pydantic) on top of SQLAlchemy's ORM and
   the desk's tables: the store is opened in a worker after the first frame, so this
   delays the floor being filled, on the same interpreter lock as the screen;
2. loading rows through a SQLModel table model against the same table mapped by
   plain SQLAlchemy (the way ``db/tables.py`` maps it).

    python benchmarks/sqlmodel_cost.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

IMPORT = """
import time
import sqlalchemy.orm, hotline_tui.db.tables
t = time.perf_counter()
import sqlmodel
print(time.perf_counter() - t)
"""

LOAD = """
import time, sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session
from sqlmodel import Field, SQLModel

class Base(DeclarativeBase):
    pass

class PlainRow(Base):
    __tablename__ = "plain_row"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    status: Mapped[str]
    note: Mapped[str] = mapped_column(default="")

class ModelRow(SQLModel, table=True):
    __tablename__ = "model_row"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    status: str
    note: str = ""

engine = sa.create_engine("sqlite://")
Base.metadata.create_all(engine)
SQLModel.metadata.create_all(engine)
rows = [{"name": f"坐席{i}", "status": "在职", "note": ""} for i in range(20000)]
with engine.begin() as c:
    c.execute(sa.insert(PlainRow), rows)
    c.execute(sa.insert(ModelRow), rows)

def load(kind):
    with Session(engine) as s:
        t = time.perf_counter()
        n = len(s.scalars(sa.select(kind)).all())
        return time.perf_counter() - t, n

load(PlainRow), load(ModelRow)  # warm
print(min(load(PlainRow)[0] for _ in range(5)), min(load(ModelRow)[0] for _ in range(5)))
"""


def run(code: str) -> list[float]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return [float(x) for x in done.stdout.split()]


def main() -> None:
    imports = [run(IMPORT)[0] for _ in range(5)]
    loads = [run(LOAD) for _ in range(3)]
    plain = statistics.median(x for x, _ in loads)
    model = statistics.median(y for _, y in loads)
    print(f"import sqlmodel on top of the tables: {1000 * statistics.median(imports):.0f} ms")
    print(f"20000 rows: SQLAlchemy {1000 * plain:.0f} ms, SQLModel {1000 * model:.0f} ms "
          f"({model / plain:.2f}×)")  # fmt: skip


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:.0f} s)")
