"""Plain SQL for the till's hot path (a redeem, the token look-up), with the ORM's conversions.

Building a statement with the ORM costs more Python CPU than running it; on the paths that every
till request takes we write the SQL once and convert values the way the ORM would, using the
model's own fields, so types, defaults (``auto_now_add``) and converters stay Django's. The
statements run on Django's own cursor (``connection.cursor()``); on PostgreSQL the settings turn
on Django's server-side binding, so psycopg prepares each one after a few uses per connection.
"""
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connection, connections


@lru_cache(maxsize=256)
def _load_plan(model, names: tuple[str, ...], ops):
    """For each column: its attname and the converters the ORM applies when loading it."""
    plan = []
    for name in names:
        field = model._meta.get_field(name)  # a name or an attname ("deal_id")
        col = field.get_col(model._meta.db_table)
        converters = ops.get_db_converters(col) + field.get_db_converters(connection)
        plan.append((field.attname, col, tuple(converters)))
    attnames = {attname for attname, _, _ in plan}
    ordered = tuple(f.attname for f in model._meta.concrete_fields if f.attname in attnames)
    return tuple(plan), ordered


def instance_from_row(model, names, values):
    """A model instance as the ORM loads it, from some columns of a plain query (the other
    fields deferred), with the database's values converted as the ORM converts them."""
    plan, ordered = _load_plan(model, tuple(names), connection.ops)
    by_name = {}
    for (attname, col, converters), value in zip(plan, values):
        for convert in converters:
            value = convert(value, col, connection)
        by_name[attname] = value
    return model.from_db(connection.alias, ordered, [by_name[n] for n in ordered])


@lru_cache(maxsize=64)
def _insert_sql(model, attnames: tuple[str, ...], rows: int, returning: tuple[str, ...]):
    meta = model._meta
    fields = [meta.get_field(a) for a in attnames]
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = (f"INSERT INTO {connection.ops.quote_name(meta.db_table)} "
           f"({', '.join(connection.ops.quote_name(f.column) for f in fields)}) "
           f"VALUES {', '.join([one] * rows)}")
    if returning:
        sql += " RETURNING " + ", ".join(connection.ops.quote_name(meta.get_field(r).column)
                                         for r in returning)
    return sql, tuple(fields)


def insert_statement(objs: list, attnames: tuple[str, ...], *,
                     returning: tuple[str, ...] = ("id",)) -> tuple[str, list]:
    """The INSERT of ``objs`` (instances of one model) as one statement and its parameters,
    values prepared by their fields (``pre_save`` fills ``auto_now_add``)."""
    sql, fields = _insert_sql(type(objs[0]), tuple(attnames), len(objs), tuple(returning))
    db = connections[DEFAULT_DB_ALIAS]
    params = [field.get_db_prep_save(field.pre_save(obj, True), db)
              for obj in objs for field in fields]
    return sql, params


def write_together(statements: list[tuple[str, list]]) -> list[tuple]:
    """INSERT/UPDATE statements (sql, params) written as one, all or nothing. On PostgreSQL
    the last is the main statement and the others ride along as data-modifying CTEs: one
    round trip for the lot (each costs about as much client and server CPU as the work it
    does on the hot paths). Elsewhere they run one after another. Returns the rows the last
    statement RETURNs (none without RETURNING).

    The statements see one snapshot, so none may read what another writes, and no row may be
    changed by two of them."""
    *along, (main_sql, _) = statements
    with connection.cursor() as cursor:
        if along and connection.vendor == "postgresql":
            ctes = ", ".join(f"w{i} AS ({sql})" for i, (sql, _) in enumerate(along))
            cursor.execute(f"WITH {ctes} {main_sql}",
                           [p for _, params in statements for p in params])
        else:
            for sql, params in statements:
                cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


def insert_rows(objs: list, attnames: tuple[str, ...], *, returning: tuple[str, ...] = ("id",),
                along: list[tuple[str, list]] = ()):
    """INSERT ``objs`` in one statement (see insert_statement); the ``returning`` columns are
    set on them. ``along``: other writes made in the same statement (see write_together)."""
    if not objs:
        return objs
    rows = write_together([*along, insert_statement(objs, attnames, returning=returning)])
    meta = objs[0]._meta
    for obj, row in zip(objs, rows):
        for name, value in zip(returning, row):
            setattr(obj, meta.get_field(name).attname, value)
    return objs
