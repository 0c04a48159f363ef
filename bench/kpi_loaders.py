"""Set-based loaders for the KPI benchmark: each INSERT ... SELECT FROM generate_series(...) writes its rows
inside PostgreSQL, spread over the stations and over the days from `first` to `last`.

`generate(...)` fills the columns it is given SQL for and every other NOT NULL column from the model field's
default, so a loader keeps working when a model gains a column with a default. In the SQL, `g` is the row
number (1..count), `t` the row's receipt time, `st` the station id, `r1`..`r3` uniform random numbers."""
from django.apps import apps
from django.db.models import NOT_PROVIDED

from wanjia.kpi.registry import has_model


def generate(cur, model_label: str, count: int, first, last, columns: dict[str, str], *, offset: int = 0,
             extra_from: str = "") -> None:
    model = apps.get_model(model_label)
    sql_columns, sql_values, params = [], [], {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.column in columns:
            sql_columns.append(field.column)
            sql_values.append(columns[field.column])
        elif not field.null:
            default = field.get_default() if field.has_default() or field.default is not NOT_PROVIDED else None
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                sql_columns.append(field.column)
                sql_values.append("now()")
                continue
            if default is None and not field.blank:
                raise ValueError(f"{model_label}.{field.name}: NOT NULL without a default; give it SQL")
            params[field.column] = default if default is not None else ""
            sql_columns.append(field.column)
            sql_values.append(f"%({field.column})s")
    params.update({"count": count, "offset": offset, "first": first, "last": last})
    cur.execute(
        f"""
        WITH st AS (SELECT array_agg(id ORDER BY id) AS ids FROM org_unit WHERE kind = 'station')
        INSERT INTO {model._meta.db_table} ({', '.join(sql_columns)})
        SELECT {', '.join(sql_values)}
        FROM (SELECT g, random() AS r1, random() AS r2, random() AS r3,
                     st.ids[1 + g %% array_length(st.ids, 1)] AS st,
                     %(first)s::timestamptz + ((g - %(offset)s)::float / %(count)s)
                         * (%(last)s::timestamptz - %(first)s::timestamptz) AS t
              FROM generate_series(%(offset)s + 1, %(offset)s + %(count)s) AS g, st) AS s {extra_from}
        """, params)


class CustomerLoader:
    @staticmethod
    def available() -> bool:
        return has_model("customers", "Customer")

    @staticmethod
    def load(cur, count, first, last):
        generate(cur, "customers.Customer", count, first, last, {
            "account_number": "'B' || lpad(g::text, 9, '0')", "name": "'客户' || g",
            "customer_class": "(ARRAY['resident','resident','resident','resident','resident','resident',"
                              "'resident','lv_non_resident','lv_non_resident','hv_single'])[1 + g %% 10]",
            "walk_in_category": "CASE WHEN g %% 50 = 0 THEN 'village' WHEN g %% 71 = 0 THEN 'school' ELSE '' END",
            "is_protected_load": "g %% 200 = 0", "address": "'地址' || g",
            "phone": "'139' || lpad(g::text, 8, '0')", "station_id": "st", "created_at": "t",
        })


class RepairLoader:
    """Orders: 95% arrive (75% of them within the limit), 90% are restored, 5% withdrawn; only orders of the
    last day are still open (received or arrived), as on a real board. One order in ten opens an outage
    affecting 20-400 customers for 10-300 minutes."""

    @staticmethod
    def available() -> bool:
        return has_model("repairs", "RepairOrder")

    @staticmethod
    def load(cur, count, first, last):
        cur.execute("SELECT id FROM repairs_faultcategory ORDER BY id LIMIT 1")
        category = cur.fetchone()[0]
        cur.execute("SELECT id FROM commitments_policyset ORDER BY id LIMIT 1")
        policy = cur.fetchone()[0]
        chunk = 2_000_000  # several statements keep each transaction's temporary sort space small
        for offset in range(0, count, chunk):
            n = min(chunk, count - offset)
            generate(cur, "repairs.RepairOrder", n, first, last, _repair_columns(category, policy), offset=offset)
        generate(cur, "repairs.Outage", count // 10, first, last, {
            "kind": "CASE WHEN r3 < 0.2 THEN 'planned' ELSE 'unplanned' END", "station_id": "st",
            "feeder_id": "(SELECT id FROM network_feeder f WHERE f.station_id = s.st LIMIT 1)",
            "started_at": "t", "restored_at": "t + (10 + r1 * 290) * interval '1 minute'",
            "duration_minutes": "10 + r1 * 290", "customers_affected": "(20 + r2 * 380)::int",
            "cause": "'unknown'", "is_cancelled": "false", "created_at": "t",
        })


def _repair_columns(category, policy):
    return {
        "number": "'R' || lpad(g::text, 10, '0')", "channel": "'hotline'", "caller_name": "'客户'",
        "phone": "'139' || lpad((g %% 100000000)::text, 8, '0')", "address": "'地址' || g",
        "description": "'停电'", "category_id": str(category), "policy_set_id": str(policy),
        "station_id": "st", "area_type": "'rural'", "received_at": "t",
        "arrival_due": "t + interval '90 minutes'", "restoration_minutes": "240",
        "restoration_due": "t + interval '330 minutes'",
        "status": "CASE WHEN r3 < 0.03 AND t > now() - interval '1 day' THEN 'received' "
                  "WHEN r3 < 0.05 AND r3 >= 0.03 THEN 'cancelled' "
                  "WHEN r3 < 0.10 AND r3 >= 0.05 AND t > now() - interval '1 day' THEN 'arrived' ELSE 'closed' END",
        "dispatched_at": "CASE WHEN r3 >= 0.05 THEN t + interval '5 minutes' END",
        "arrived_at": "CASE WHEN r3 >= 0.05 THEN t + (20 + r1 * 100) * interval '1 minute' END",
        "restored_at": "CASE WHEN r3 >= 0.10 THEN t + (20 + r1 * 100 + 30 + r2 * 300) * interval '1 minute' END",
        "closed_at": "CASE WHEN r3 >= 0.10 THEN t + interval '2 days' END",
        "latitude": "25.0 + r1", "longitude": "101.0 + r2",
    }




class ConnectionLoader:
    """Applications: 85% connected (utility 2-12, overall 3-20 working days), the rest open; each has
    supply-plan, completion-inspection and metering stage records with a 3-7 working-day limit, 80% of the
    finished ones on time."""

    STAGES = ["supply_plan", "completion_inspection", "metering"]

    @staticmethod
    def available() -> bool:
        return has_model("connections", "Application")

    @classmethod
    def load(cls, cur, count, first, last):
        cur.execute("SELECT id FROM commitments_policyset ORDER BY id LIMIT 1")
        policy = cur.fetchone()[0]
        generate(cur, "connections.Application", count, first, last, {
            "number": "'A' || lpad(g::text, 10, '0')", "application_type": "'new'", "applicant_name": "'申请人'",
            "phone": "'138' || lpad((g %% 100000000)::text, 8, '0')",
            "customer_class": "(ARRAY['resident','resident','resident','lv_non_resident','hv_single'])[1 + g %% 5]",
            "requested_kva": "8", "address": "'地址' || g", "station_id": "st", "channel": "'counter'",
            "status": "CASE WHEN r3 < 0.85 THEN 'completed' ELSE 'supply_plan' END", "policy_set_id": str(policy),
            "received_at": "t", "connected_at": "CASE WHEN r3 < 0.85 THEN t + (3 + r1 * 20) * interval '1 day' END",
            "utility_days": "CASE WHEN r3 < 0.85 THEN 2 + r2 * 10 END",
            "total_days": "CASE WHEN r3 < 0.85 THEN 3 + r1 * 17 END", "created_at": "t",
        })
        for position, stage in enumerate(cls.STAGES, start=1):
            cur.execute(
                f"""
                INSERT INTO connections_stagerecord (application_id, stage, position, started_at, finished_at,
                    limit_days, due_at, used_days, note)
                SELECT a.id, %(stage)s, %(position)s, a.received_at + %(position)s * interval '2 days',
                       CASE WHEN a.connected_at IS NOT NULL THEN a.received_at + %(position)s * interval '2 days'
                            + (1 + random() * 6) * interval '1 day' END,
                       5, a.received_at + %(position)s * interval '2 days' + interval '6 days',
                       CASE WHEN a.connected_at IS NOT NULL THEN 1 + random() * 6 END, ''
                FROM connections_application a
                """, {"stage": stage, "position": position})


# What --scale 1 loads: the 10M orders, 1M applications, 1M customers.
LOADERS = {
    "customers": (1_000_000, CustomerLoader),
    "repair orders (+ outages, one per ten orders)": (10_000_000, RepairLoader),
    "connection applications (+ three stage records each)": (1_000_000, ConnectionLoader),
}
