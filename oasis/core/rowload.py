"""Loading one row by primary key with SQL compiled once per process.

The ORM compiles a query on every call: about a quarter of a millisecond for a user or a
proposal. Every agreement loads its session, its user and its proposal, so on that path
the compilation was a third of the Python time (docs/performance.md). A loader compiles
`Model.objects.filter(pk=…)` once per database and then only executes it; the instance it
returns is the one the ORM would have built (same columns, same converters, `from_db`).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import Model


@dataclass(frozen=True)
class _Compiled:
    sql: str
    attnames: list[str]
    converters: list[tuple[int, list, object]]  # (position, converters, expression)


class RowLoader:
    def __init__(self, model: type[Model]):
        self.model = model
        self._compiled: dict[str, _Compiled] = {}

    def _compile(self, alias: str) -> _Compiled:
        queryset = self.model._base_manager.using(alias).filter(pk=0).order_by()
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        if len(params) != 1:  # the primary key must be the only parameter
            raise RuntimeError(f"unexpected parameters for {self.model}: {params}")
        columns = [col for col, _sql, _alias in compiler.select]
        compiled = _Compiled(
            sql=sql,
            attnames=[col.target.attname for col in columns],
            converters=[
                (position, functions, expression)
                for position, (functions, expression) in compiler.get_converters(
                    columns
                ).items()
            ],
        )
        self._compiled[alias] = compiled
        return compiled

    def compiled(self, alias: str) -> _Compiled:
        return self._compiled.get(alias) or self._compile(alias)

    def select_sql(self, alias: str, *, for_update: bool = False) -> str:
        """The SELECT of every column of one row, its primary key as the one %s."""
        sql = self.compiled(alias).sql
        if for_update and connections[alias].features.has_select_for_update:
            sql += " FOR UPDATE"
        return sql

    def db_value(self, pk, alias: str):
        """The primary key as the database takes it; ValidationError when malformed."""
        field = self.model._meta.pk
        return field.get_db_prep_value(field.to_python(pk), connections[alias])

    def build(self, alias: str, values) -> Model:
        """The instance for a row of select_sql()'s columns."""
        compiled = self.compiled(alias)
        if compiled.converters:
            connection = connections[alias]
            values = list(values)
            for position, functions, expression in compiled.converters:
                for convert in functions:
                    values[position] = convert(values[position], expression, connection)
        return self.model.from_db(alias, compiled.attnames, values)

    def get(self, pk, *, using: str | None = None) -> Model | None:
        """The row with this primary key, or None (also for a malformed key)."""
        alias = using or router.db_for_read(self.model)
        try:
            value = self.db_value(pk, alias)
        except (ValidationError, TypeError, ValueError):
            return None
        with connections[alias].cursor() as cursor:
            cursor.execute(self.select_sql(alias), [value])
            row = cursor.fetchone()
        return None if row is None else self.build(alias, row)
