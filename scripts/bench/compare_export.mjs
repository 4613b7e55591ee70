#!/usr/bin/env node
// The Node side of the CLI benchmarks: the job of `bdesk export --format csv` written the
// obvious way with `fetch`, `JSON.parse` and a small CSV writer, like compare_export.py, so
// bdesk's figures are ratios against a second peer on the same machine and stub.
//
//   node compare_export.mjs --base-url URL --org ID [--org ID ...] -o out.csv
//   node compare_export.mjs --base-url URL --orgs-file FILE -o out.csv
//
// Organizations are fetched one after another. The columns are compare_export.py's (and
// bdesk's): `org` first when there are several organizations, the API's fields with amounts
// in major units and dates as RFC 3339 UTC, then overdue, daysOverdue and agingBucket. The
// token comes from BDESK_TOKEN.
import { createWriteStream, readFileSync } from "node:fs";

const FIELDS = [
  "number", "id", "status", "currency", "total", "amountDue", "amountPaid",
  "amountRemaining", "createdAt", "dueAt", "periodStart", "periodEnd",
  "hostedInvoiceUrl", "invoicePdf",
];
const AMOUNTS = new Set(["total", "amountDue", "amountPaid", "amountRemaining"]);
const DATES = new Set(["createdAt", "dueAt", "periodStart", "periodEnd"]);
const ZERO_DECIMAL = new Set(["BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG",
  "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"]);
const THREE_DECIMAL = new Set(["BHD", "JOD", "KWD", "OMR", "TND"]);
const FORMULA_START = ["=", "+", "-", "@", "\t", "\r"];

function exponent(currency) {
  if (ZERO_DECIMAL.has(currency)) return 0;
  if (THREE_DECIMAL.has(currency)) return 3;
  return 2;
}

function major(minor, currency) {
  const places = exponent(currency);
  if (places === 0) return String(minor);
  const sign = minor < 0 ? "-" : "";
  const abs = BigInt(Math.abs(minor));
  const unit = 10n ** BigInt(places);
  return `${sign}${abs / unit}.${String(abs % unit).padStart(places, "0")}`;
}

function rfc3339(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function textCell(value) {
  return typeof value === "string" && FORMULA_START.some((s) => value.startsWith(s))
    ? `'${value}`
    : value;
}

function bucket(days) {
  if (days === null) return "current";
  if (days <= 30) return "days1To30";
  if (days <= 60) return "days31To60";
  if (days <= 90) return "days61To90";
  return "over90";
}

function csvField(value) {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function rows(org, invoices, now, withOrg) {
  const out = [];
  for (const invoice of invoices) {
    const currency = (invoice.currency || "").toUpperCase();
    const row = withOrg ? [org] : [];
    let due = null;
    for (const field of FIELDS) {
      const value = invoice[field];
      if (value === null || value === undefined) row.push("");
      else if (AMOUNTS.has(field)) row.push(currency ? major(value, currency) : String(value));
      else if (DATES.has(field)) {
        const ms = Date.parse(value);
        if (field === "dueAt" && !Number.isNaN(ms)) due = ms;
        row.push(Number.isNaN(ms) ? value : rfc3339(ms));
      } else if (field === "currency") row.push(currency);
      else row.push(textCell(value));
    }
    const remaining = invoice.amountRemaining || 0;
    const overdue = invoice.status === "open" && remaining > 0 && due !== null && due < now;
    const days = overdue ? Math.max(1, Math.ceil((now - due) / 86400000)) : null;
    row.push(overdue ? "true" : "false", days === null ? "" : String(days), bucket(days));
    out.push(row.map(csvField).join(",") + "\r\n");
  }
  return out.join("");
}

async function main() {
  const args = process.argv.slice(2);
  let base = "";
  let output = "";
  const orgs = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === "--base-url") base = args[(i += 1)];
    else if (arg === "--org") orgs.push(args[(i += 1)]);
    else if (arg === "--orgs-file") {
      for (const line of readFileSync(args[(i += 1)], "utf8").split("\n")) {
        const org = line.trim();
        if (org && !org.startsWith("#")) orgs.push(org);
      }
    } else if (arg === "-o" || arg === "--output") output = args[(i += 1)];
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!base || !output) throw new Error("--base-url and -o are required");
  base = base.replace(/\/+$/, "");
  const headers = { Authorization: `Bearer ${process.env.BDESK_TOKEN || ""}` };
  const now = Date.now();
  const withOrg = orgs.length > 1;
  const file = createWriteStream(output);
  const header = (withOrg ? ["org"] : []).concat(FIELDS, ["overdue", "daysOverdue", "agingBucket"]);
  file.write(header.join(",") + "\r\n");
  for (const org of orgs) {
    const response = await fetch(`${base}/v1/organizations/${org}/stripe/billing-details`, { headers });
    if (response.status !== 200) {
      console.error(`organization ${org}: HTTP ${response.status}`);
      process.exitCode = 5;
      return;
    }
    const body = JSON.parse(await response.text());
    file.write(rows(org, body.invoices || [], now, withOrg));
  }
  await new Promise((resolve, reject) => file.end((error) => (error ? reject(error) : resolve())));
}

await main();
