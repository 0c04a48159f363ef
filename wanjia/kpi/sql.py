"""SQL expressions the KPI sources need and Django does not have in a portable form."""
from django.db.models import FloatField, Func


class MinutesBetween(Func):
    """(end − start) in minutes as a float, NULL when either is NULL. Django's DurationField arithmetic
    yields an interval on PostgreSQL and microseconds on SQLite; summaries store plain numbers."""

    output_field = FloatField()
    arity = 2

    def __init__(self, start, end, **extra):
        super().__init__(start, end, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        start, start_params = compiler.compile(self.source_expressions[0])
        end, end_params = compiler.compile(self.source_expressions[1])
        return f"(EXTRACT(EPOCH FROM ({end} - {start})) / 60.0)", [*end_params, *start_params]

    def as_sqlite(self, compiler, connection, **extra):
        start, start_params = compiler.compile(self.source_expressions[0])
        end, end_params = compiler.compile(self.source_expressions[1])
        return f"((julianday({end}) - julianday({start})) * 1440.0)", [*end_params, *start_params]
