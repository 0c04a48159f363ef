"""Set-based loaders for the KPI benchmark: each INSERT ... SELECT FROM generate_series(...) writes its rows
inside PostgreSQL, spread over the stations and over the days from `first` to `last`."""
from wanjia.kpi.registry import has_model


class CustomerLoader:
    @staticmethod
    def available() -> bool:
        return has_model("customers", "Customer")

    @staticmethod
    def load(cur, count, first, last):
        cur.execute(
            """
            WITH st AS (SELECT array_agg(id ORDER BY id) AS ids FROM org_unit WHERE kind = 'station')
            INSERT INTO customers_customer (account_number, name, customer_class, walk_in_category,
                is_protected_load, address, latitude, longitude, phone, station_id, created_at, updated_at)
            SELECT 'B' || lpad(g::text, 9, '0'), '客戶' || g,
                   (ARRAY['resident','resident','resident','resident','resident','resident','resident',
                          'lv_non_resident','lv_non_resident','hv_single'])[1 + g %% 10],
                   CASE WHEN g %% 50 = 0 THEN 'village' WHEN g %% 71 = 0 THEN 'school' ELSE '' END,
                   g %% 200 = 0, '地址' || g, NULL, NULL, '139' || lpad(g::text, 8, '0'),
                   st.ids[1 + g %% array_length(st.ids, 1)],
                   %(first)s::timestamptz + (g::float / %(count)s) * (%(last)s::timestamptz - %(first)s::timestamptz),
                   now()
            FROM generate_series(1, %(count)s) AS g, st
            """, {"count": count, "first": first, "last": last})


LOADERS = {
    "customers": (1_000_000, CustomerLoader),
}
