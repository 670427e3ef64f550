"""Shopify's ``orders_export_N.csv`` (shared reference export-formats.md §6a): 79 columns, UTF-8 without BOM, LF,
minimal quoting, one row per line item (continuation rows fill only the line-item fields), newest order first."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from pipeline.demo.shop import Line, Order
from pipeline.demo.story import TZ

HEADER_LINE = (  # §6a, 79 columns
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,"
    "Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,"
    "Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,"
    "Lineitem fulfillment status,Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,"
    "Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,"
    "Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,"
    "Shipping Country,Shipping Phone,Notes,Note Attributes,Cancelled at,Payment Method,Payment Reference,"
    "Refunded Amount,Vendor,Outstanding Balance,Employee,Location,Device ID,Id,Tags,Risk Level,Source,"
    "Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,Tax 3 Value,Tax 4 Name,Tax 4 Value,"
    "Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,Billing Province Name,Shipping Province Name,Payment ID,"
    "Payment Terms Name,Next Payment Due At,Payment References"
)
HEADER = tuple(HEADER_LINE.split(","))
# city, zip, province code, province name, country, street
ADDRESSES = {
    "es": (
        ("Barcelona", "08013", "B", "Barcelona", "ES", "Carrer de la Marina"),
        ("Madrid", "28004", "M", "Madrid", "ES", "Calle de Fuencarral"),
        ("Valencia", "46002", "V", "Valencia", "ES", "Calle de Colón"),
        ("Málaga", "29016", "MA", "Málaga", "ES", "Paseo Marítimo"),
        ("Palma", "07012", "PM", "Baleares", "ES", "Carrer de Sant Miquel"),
    ),
    "it": (
        ("Milano", "20121", "MI", "Milano", "IT", "Via Brera"),
        ("Roma", "00184", "RM", "Roma", "IT", "Via Nazionale"),
        ("Bologna", "40121", "BO", "Bologna", "IT", "Via dell'Indipendenza"),
    ),
    "en": (
        ("London", "EC1V 9HX", "", "", "GB", "Old Street"),
        ("Brighton", "BN1 1AE", "", "", "GB", "Marine Parade"),
        ("Bristol", "BS1 4ST", "", "", "GB", "Queen Square"),
    ),
}
CONTINUATION = (
    "Name",
    "Email",
    "Created at",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem compare at price",
    "Lineitem sku",
    "Lineitem requires shipping",
    "Lineitem taxable",
    "Lineitem fulfillment status",
    "Vendor",
    "Lineitem discount",
)


def write_orders(path: Path, orders: Sequence[Order], exported: date, malformed: int) -> None:
    """``exported``: the download day (later refunds and fulfilments are unknown). ``malformed``: the order number
    whose Total a spreadsheet round-trip turned into ``12,50€``."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for order in sorted(orders, key=lambda o: o.number, reverse=True):
        for index, line in enumerate(order.lines):
            row = _row(order, line, exported)
            if index:
                row = {k: (v if k in CONTINUATION else "") for k, v in row.items()}
            elif order.number == malformed:
                row["Total"] = "12,50€"
            writer.writerow([row[h] for h in HEADER])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(stream.getvalue().encode("utf-8"))


def _row(order: Order, line: Line, exported: date) -> dict[str, str]:
    status = order.status_on(exported)
    fulfilled = (
        order.fulfilled_at if order.fulfilled_at and order.fulfilled_at.astimezone(TZ).date() < exported else None
    )
    city, zip_code, province, province_name, country, street = _address(order)
    number = 3 + int(order.order_id[-4:]) % 97
    address = f"{street} {number}" if country != "GB" else f"{number} {street}"
    reference = f"c{order.order_id[-11:]}.1"
    person = {
        "Name": order.customer.name,
        "Street": address,
        "Address1": address,
        "Address2": "",
        "Company": "",
        "City": city,
        "Zip": zip_code,
        "Province": province,
        "Country": country,
        "Phone": "",
    }
    row = dict.fromkeys(HEADER, "")
    row.update(
        {
            "Name": f"#{order.number}",
            "Email": order.customer.email,
            "Financial Status": status,
            "Paid at": "" if status == "pending" else stamp(order.when.replace(second=min(59, order.when.second + 4))),
            "Fulfillment Status": "fulfilled" if fulfilled else "unfulfilled",
            "Fulfilled at": stamp(fulfilled) if fulfilled else "",
            "Accepts Marketing": "yes" if order.accepts_marketing else "no",
            "Currency": "EUR",
            "Subtotal": money(order.subtotal),
            "Shipping": money(order.shipping),
            "Taxes": money(order.taxes),
            "Total": money(order.total),
            "Discount Code": order.code,
            "Discount Amount": money(order.discount),
            "Shipping Method": "Envío estándar" if order.shipping else "Envío gratuito",
            "Created at": stamp(order.when),
            "Lineitem quantity": str(line.quantity),
            "Lineitem name": line.name,
            "Lineitem price": money(line.price),
            "Lineitem sku": line.sku,
            "Lineitem requires shipping": "true",
            "Lineitem taxable": "true",
            "Lineitem fulfillment status": "fulfilled" if fulfilled else "pending",
            "Payment Method": order.payment_method,
            "Payment Reference": reference,
            "Refunded Amount": money(order.total if status == "refunded" else 0),
            "Vendor": "Marea",
            "Outstanding Balance": "0.00",
            "Id": order.order_id,
            "Tags": order.tags,
            "Risk Level": "Low",
            "Source": order.source_name,
            "Lineitem discount": "0.00",
            "Tax 1 Name": "IVA 21%",
            "Tax 1 Value": money(order.taxes),
            "Billing Province Name": province_name,
            "Shipping Province Name": province_name,
            "Payment ID": f"r{order.order_id[-9:]}",
            "Payment References": reference,
        }
    )
    for key, value in person.items():
        row[f"Billing {key}"] = value
        row[f"Shipping {key}"] = value
    return row


def _address(order: Order) -> tuple[str, str, str, str, str, str]:
    options = ADDRESSES[order.customer.language]
    return options[sum(order.customer.handle.encode()) % len(options)]


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def stamp(moment: datetime) -> str:
    """``2026-05-12 10:03:11 +0200``: the shop's zone with that day's DST offset."""
    return moment.astimezone(TZ).strftime("%Y-%m-%d %H:%M:%S %z")
