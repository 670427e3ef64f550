"""Shopify admin "Export orders" CSV (``orders_export.csv``, ``orders_export_1.csv``, …).

Layout (export-formats.md §6a; real exports in zhangerson/shopify_parsing and Steproac/Monfrere-Tactical-Audit):
UTF-8 without BOM, LF, 79 columns ``Name,Email,Financial Status,Paid at,…,Total,Discount Code,…,Created at,
Lineitem quantity,…,Id,Tags,Risk Level,Source,…``; older exports stop earlier (at ``Cancelled at``). One row per
line item: only the first row of an order (``Name``) carries the order fields (Financial Status, Currency, Total,
Id, Tags, Source…), the following rows repeat Name, Email and Created at. ``Created at`` is
``2026-05-12 10:02:58 +0100`` in the shop's zone, so the offset changes with DST. Each order becomes one row whose
``_rows`` counts its line items. Billing and shipping names, addresses and phones are never stored (a rejected
row keeps them only hashed).
"""

from __future__ import annotations

from pipeline.sources.base import Adapter, LoadContext, Loaded
from pipeline.sources.csvfile import CsvTable, read_csv
from pipeline.sources.probe import Probe
from pipeline.warehouse.macros import decimal_check

SIGNATURE = ("Name", "Email", "Financial Status", "Currency", "Total", "Created at", "Lineitem name")
# Columns about a person besides Billing/Shipping ones: hashed in rejects.raw, never copied in clear.
PEOPLE = (
    "Email",
    "Phone",
    "Notes",
    "Note Attributes",
    "Employee",
    "Payment Reference",
    "Payment References",
    "Device ID",
    "Receipt Number",
)
# The documented columns this adapter does not need (line-item detail, totals breakdown, fulfilment, payment).
IGNORED = (
    "Paid at",
    "Fulfillment Status",
    "Fulfilled at",
    "Accepts Marketing",
    "Subtotal",
    "Shipping",
    "Taxes",
    "Discount Amount",
    "Shipping Method",
    "Lineitem quantity",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Billing Name",
    "Billing Street",
    "Billing Address1",
    "Billing Address2",
    "Billing Company",
    "Billing City",
    "Billing Zip",
    "Billing Province",
    "Billing Country",
    "Billing Phone",
    "Shipping Name",
    "Shipping Street",
    "Shipping Address1",
    "Shipping Address2",
    "Shipping Company",
    "Shipping City",
    "Shipping Zip",
    "Shipping Province",
    "Shipping Country",
    "Shipping Phone",
    "Notes",
    "Note Attributes",
    "Cancelled at",
    "Payment Method",
    "Payment Reference",
    "Refunded Amount",
    "Vendor",
    "Outstanding Balance",
    "Employee",
    "Location",
    "Device ID",
    "Risk Level",
    "Lineitem discount",
    "Tax 1 Name",
    "Tax 1 Value",
    "Tax 2 Name",
    "Tax 2 Value",
    "Tax 3 Name",
    "Tax 3 Value",
    "Tax 4 Name",
    "Tax 4 Value",
    "Tax 5 Name",
    "Tax 5 Value",
    "Phone",
    "Receipt Number",
    "Duties",
    "Billing Province Name",
    "Shipping Province Name",
    "Payment ID",
    "Payment Terms Name",
    "Next Payment Due At",
    "Payment References",
)
NOT_PEOPLE = ("shipping method",)  # how it ships, not where
CREATED = "%Y-%m-%d %H:%M:%S %z"


def _list(csv: CsvTable, name: str) -> str:
    """'SPRING10, VIP' -> ['SPRING10', 'VIP']; an empty cell -> []; a column the export lacks -> NULL."""
    if not csv.has(name):
        return "NULL::VARCHAR[]"
    cells = f"string_split(coalesce({csv.col(name)}, ''), ',')"
    return f"list_filter(list_transform({cells}, lambda s: trim(s)), lambda s: s <> '')"


def _people(csv: CsvTable) -> tuple[str, ...]:
    addresses = tuple(
        c for c in csv.header if c.lower().startswith(("billing ", "shipping ")) and c.lower() not in NOT_PEOPLE
    )
    return PEOPLE + addresses


class ShopifyOrders(Adapter):
    name = "shopify_orders"
    table = "orders"
    title = "Shopify: orders export (CSV)"
    signature = SIGNATURE
    ignored = IGNORED

    def detect(self, probe: Probe) -> bool:
        header = [h.lower() for h in probe.header_at(0)]
        return bool(header) and header[0] == "name" and {s.lower() for s in SIGNATURE} <= set(header)

    def load(self, ctx: LoadContext, probe: Probe) -> Loaded:
        csv = read_csv(ctx, probe, header_index=0)
        name, total, created = csv.col("Name"), csv.col("Total"), csv.col("Created at")
        status, currency, order_id = csv.col("Financial Status"), csv.col("Currency"), csv.opt("Id")
        ordered_at = f"try_strptime(trim({created}), '{CREATED}')"
        # An order's first row is the one carrying order-level fields; the rows below it with its Name are its items.
        head = f"coalesce(blank({status}), blank({currency}), blank({total}), blank({order_id})) IS NOT NULL"
        ctx.stage(
            "orders",
            f"""WITH lines AS (SELECT *, {head} AS _head, blank({name}) AS _name FROM raw),
                owners AS (
                    SELECT l._line AS _item, CASE WHEN l._head THEN l._line ELSE h._line END AS _owner
                    FROM lines l ASOF LEFT JOIN (SELECT _name, _line FROM lines WHERE _head) h
                        ON l._name = h._name AND l._line >= h._line),
                sizes AS (SELECT _owner AS _order_line, count(*) AS _n FROM owners GROUP BY _owner)
            SELECT coalesce(blank({order_id}), _name) AS order_id, person_id(lower({csv.opt("Email")})) AS customer_id,
                   {ordered_at} AS ordered_at, as_decimal({total}) AS revenue,
                   blank({currency}) AS currency, {_list(csv, "Discount Code")} AS discount_codes,
                   {_list(csv, "Tags")} AS tags, blank({csv.opt("Source")}) AS source_name,
                   blank({status}) AS financial_status,
                   _line, CASE WHEN _head THEN _n ELSE 1 END AS _rows,
                   CASE WHEN NOT _head THEN 'line item without its order row: no row above it in this file with the'
                            || ' same Name carries Financial Status, Total, Id'
                        WHEN coalesce(blank({order_id}), _name) IS NULL THEN 'Name and Id are empty'
                        WHEN {ordered_at} IS NULL THEN 'Created at is not YYYY-MM-DD HH:MM:SS +HHMM'
                        {decimal_check(total, "Total")}
                   END AS _reason
            FROM lines JOIN owners ON _item = _line LEFT JOIN sizes ON _order_line = _line
            WHERE _head OR _owner IS NULL""",
            raw=csv.raw_expr(people=_people(csv)),
            time_label="Created at",
        )
        return Loaded(rows_read=csv.records, unknown_columns=csv.unknown_columns(self.known_columns))
