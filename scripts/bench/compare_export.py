#!/usr/bin/env python3
"""The plain-script side of the CLI benchmarks: the same job as `bdesk export --format csv`,
written the obvious way with `requests` and `csv`, so bdesk's figures are ratios measured on
the same machine against the same stub.

  compare_export.py --base-url URL --org ID [--org ID ...] -o out.csv
  compare_export.py --base-url URL --orgs-file FILE -o out.csv

Organizations are fetched one after another (what a simple script does). Each invoice row gets
the same columns as bdesk's CSV: `org` first when there are several organizations, the API's
fields in the endpoint doc's order with amounts in major units of the currency and dates as
RFC 3339 UTC, then overdue, daysOverdue and agingBucket. The token comes from BDESK_TOKEN.
"""

import argparse
import csv
import math
import os
import sys
from datetime import datetime, timezone

import requests

FIELDS = [
    "number", "id", "status", "currency", "total", "amountDue", "amountPaid",
    "amountRemaining", "createdAt", "dueAt", "periodStart", "periodEnd",
    "hostedInvoiceUrl", "invoicePdf",
]
AMOUNTS = {"total", "amountDue", "amountPaid", "amountRemaining"}
DATES = {"createdAt", "dueAt", "periodStart", "periodEnd"}
ZERO_DECIMAL = {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX",
                "VND", "VUV", "XAF", "XOF", "XPF"}
THREE_DECIMAL = {"BHD", "JOD", "KWD", "OMR", "TND"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def exponent(currency):
    if currency in ZERO_DECIMAL:
        return 0
    if currency in THREE_DECIMAL:
        return 3
    return 2


def major(minor, currency):
    places = exponent(currency)
    if places == 0:
        return str(minor)
    sign = "-" if minor < 0 else ""
    whole, fraction = divmod(abs(minor), 10 ** places)
    return f"{sign}{whole}.{fraction:0{places}d}"


def parse_date(text):
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)
    except (ValueError, AttributeError):
        return None


def rfc3339(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def text_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def bucket(days):
    if days is None:
        return "current"
    if days <= 30:
        return "days1To30"
    if days <= 60:
        return "days31To60"
    if days <= 90:
        return "days61To90"
    return "over90"


def rows_for(org, invoices, now, with_org):
    for invoice in invoices:
        currency = (invoice.get("currency") or "").upper()
        row = [org] if with_org else []
        dates = {}
        for field in FIELDS:
            value = invoice.get(field)
            if value is None:
                row.append("")
            elif field in AMOUNTS:
                row.append(major(value, currency) if currency else str(value))
            elif field in DATES:
                moment = parse_date(value)
                dates[field] = moment
                row.append(rfc3339(moment) if moment else value)
            elif field == "currency":
                row.append(currency)
            else:
                row.append(text_cell(value))
        due = dates.get("dueAt")
        remaining = invoice.get("amountRemaining") or 0
        overdue = invoice.get("status") == "open" and remaining > 0 and due is not None and due < now
        days = max(1, math.ceil((now - due).total_seconds() / 86400)) if overdue else None
        row += ["true" if overdue else "false", "" if days is None else str(days), bucket(days)]
        yield row


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--org", action="append", default=[])
    parser.add_argument("--orgs-file")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()

    orgs = list(args.org)
    if args.orgs_file:
        with open(args.orgs_file, encoding="utf-8") as handle:
            orgs += [line.strip() for line in handle if line.strip() and not line.strip().startswith("#")]
    token = os.environ.get("BDESK_TOKEN", "")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    now = datetime.now(timezone.utc)
    with_org = len(orgs) > 1
    base = args.base_url.rstrip("/")
    with open(args.output, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow((["org"] if with_org else []) + FIELDS + ["overdue", "daysOverdue", "agingBucket"])
        for org in orgs:
            response = session.get(f"{base}/v1/organizations/{org}/stripe/billing-details", timeout=120)
            if response.status_code != 200:
                print(f"organization {org}: HTTP {response.status_code}", file=sys.stderr)
                return 5
            writer.writerows(rows_for(org, response.json().get("invoices") or [], now, with_org))
    return 0


if __name__ == "__main__":
    sys.exit(main())
