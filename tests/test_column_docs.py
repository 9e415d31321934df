"""Every model column carries a ``#:`` doc comment on the line directly above it, saying what it holds and,
where it is not obvious, what it is used for (the habit of Indico's models)."""

from __future__ import annotations

import ast
import inspect
import io
import tokenize
from pathlib import Path

from sqlalchemy import inspect as sa_inspect

import marketplace.app.models  # noqa: F401  (imports every model)
from marketplace.core.db import Base

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("marketplace", "providers", "invoices")


def _doc_comment_lines(source: str) -> set[int]:
    """Numbers of the lines that hold nothing but a ``#:`` comment."""
    return {
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT and token.string.startswith("#:") and token.line.strip() == token.string
    }


def _is_mapped_column(value: ast.expr | None) -> bool:
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    return (isinstance(func, ast.Name) and func.id == "mapped_column") or (
        isinstance(func, ast.Attribute) and func.attr == "mapped_column"
    )


def _columns(source: str, class_name: str) -> dict[str, int]:
    """The ``mapped_column`` attributes of a class and the lines their assignments start on."""
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.ClassDef) and node.name == class_name):
            continue
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                targets = [statement.target]
            elif isinstance(statement, ast.Assign):
                targets = [t for t in statement.targets if isinstance(t, ast.Name)]
            else:
                continue
            if _is_mapped_column(statement.value):
                found.update({target.id: statement.lineno for target in targets})
    return found


def undocumented_columns(source: str, class_name: str, path: str) -> dict[str, str]:
    """``{"Class.attribute": "path:line"}`` for each column of the class without a ``#:`` line right above it."""
    documented = _doc_comment_lines(source)
    return {
        f"{class_name}.{name}": f"{path}:{line}"
        for name, line in _columns(source, class_name).items()
        if line - 1 not in documented
    }


def _model_classes() -> list[type]:
    classes = [m.class_ for m in Base.registry.mappers if m.class_.__module__.split(".")[0] in PACKAGES]
    return sorted(classes, key=lambda cls: (cls.__module__, cls.__name__))


def _source(cls: type) -> tuple[str, str]:
    path = Path(inspect.getsourcefile(cls))
    return path.read_text(encoding="utf-8"), str(path.relative_to(ROOT))


def test_every_model_column_says_what_it_holds():
    classes = _model_classes()
    assert len(classes) > 30
    offenders: dict[str, str] = {}
    for cls in classes:
        source, path = _source(cls)
        offenders |= undocumented_columns(source, cls.__name__, path)
    assert offenders == {}


def test_the_scan_sees_every_column_each_model_maps():
    # a column the scan cannot see (declared some other way) would pass the test above unread
    unseen = {}
    for cls in _model_classes():
        source, _path = _source(cls)
        mapped = {attr.key for attr in sa_inspect(cls).column_attrs if attr.key in vars(cls)}
        if missing := sorted(mapped - _columns(source, cls.__name__).keys()):
            unseen[cls.__name__] = missing
    assert unseen == {}


def test_the_scan_finds_exactly_the_undocumented_columns():
    source = (
        "class Seat(Base):\n"
        "    __tablename__ = 'seats'\n"
        "    #: what a column like this one holds\n"
        "    id: Mapped[int] = mapped_column(primary_key=True)\n"
        "    # an ordinary comment is not a doc comment\n"
        "    held_until: Mapped[dt.datetime] = mapped_column(\n"
        "        nullable=True)\n"
        "    #: a doc comment with a blank line under it documents nothing\n"
        "\n"
        "    released_at: Mapped[dt.datetime] = mapped_column(nullable=True)\n"
        "    #: documented, over\n"
        "    #: two lines\n"
        "    run_id: Mapped[int] = sa.orm.mapped_column(ForeignKey('runs.id'))  # noqa\n"
        "    run: Mapped[Run] = relationship()\n"
        "    owned_by = 'run_id'\n"
    )
    assert undocumented_columns(source, "Seat", "seats.py") == {
        "Seat.held_until": "seats.py:6",
        "Seat.released_at": "seats.py:10",
    }
