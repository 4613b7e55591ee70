//! The filter and sort options as an [`InvoiceQuery`], the one query model of the app and the
//! exports.

use billing_core::model::InvoiceStatus;
use billing_core::money::{Currency, MajorAmount};
use billing_core::query::{InvoiceQuery, Sort, SortColumn, SortDirection};
use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};

use crate::cli::FilterArgs;
use crate::exit::CliError;

/// The query for `args`. Unknown statuses are kept (the API may add some) with a warning.
///
/// # Errors
/// A usage error for a date that is neither `YYYY-MM-DD` nor RFC 3339, an amount that is not a
/// plain decimal, a sort column that does not exist, or a range that ends before it starts.
pub fn query(args: &FilterArgs) -> Result<InvoiceQuery, CliError> {
    let statuses: Vec<InvoiceStatus> = args
        .statuses
        .iter()
        .map(|text| {
            let status = InvoiceStatus::parse(text.trim());
            if !status.is_known() {
                tracing::warn!(
                    status = %text,
                    "not a status this version knows (draft, open, paid, uncollectible, void); matching it as written"
                );
            }
            status
        })
        .collect();
    let created_from = args
        .since
        .as_deref()
        .map(|text| parse_bound("--since", text, Bound::Start))
        .transpose()?;
    let created_to = args
        .until
        .as_deref()
        .map(|text| parse_bound("--until", text, Bound::End))
        .transpose()?;
    if let (Some(from), Some(to)) = (created_from, created_to)
        && to <= from
    {
        return Err(CliError::usage(
            "--until is not after --since, so no invoice could match. Check the dates.",
        ));
    }
    let due_from = args
        .due_from
        .as_deref()
        .map(|text| parse_bound("--due-from", text, Bound::Start))
        .transpose()?;
    let due_to = args
        .due_until
        .as_deref()
        .map(|text| parse_bound("--due-until", text, Bound::End))
        .transpose()?;
    if let (Some(from), Some(to)) = (due_from, due_to)
        && to <= from
    {
        return Err(CliError::usage(
            "--due-until is not after --due-from, so no invoice could match. Check the dates.",
        ));
    }
    let as_of = args.as_of.as_deref().map(parse_as_of).transpose()?;
    let amount_min = parse_amount("--amount-min", args.amount_min.as_deref())?;
    let amount_max = parse_amount("--amount-max", args.amount_max.as_deref())?;
    if let (Some(min), Some(max)) = (&amount_min, &amount_max)
        && max < min
    {
        return Err(CliError::usage(
            "--amount-max is below --amount-min, so no invoice could match. Check the amounts.",
        ));
    }
    let (days_overdue_min, days_overdue_max) = match args.days_overdue.as_deref() {
        Some(text) => parse_days_range(text)?,
        None => (None, None),
    };
    Ok(InvoiceQuery {
        statuses: (!statuses.is_empty()).then_some(statuses),
        text: args
            .search
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned),
        created_from,
        created_to,
        due_from,
        due_to,
        amount_min,
        amount_max,
        sort: args.sort.as_deref().map(parse_sort).transpose()?,
        currency: args
            .currency
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(Currency::new),
        overdue_only: args.overdue.then_some(true),
        days_overdue_min,
        days_overdue_max,
        as_of,
        ..InvoiceQuery::default()
    })
}

/// `--days-overdue MIN-MAX`, `MIN-` or `-MAX`: whole days, both ends included.
fn parse_days_range(text: &str) -> Result<(Option<u32>, Option<u32>), CliError> {
    let bad = || {
        CliError::usage(format!(
            "--days-overdue takes whole days as MIN-MAX (31-60), MIN- (91-) or -MAX (-30), \
             not {text:?}."
        ))
    };
    let (min, max) = text.trim().split_once('-').ok_or_else(bad)?;
    let day = |part: &str| -> Result<Option<u32>, CliError> {
        match part.trim() {
            "" => Ok(None),
            digits => digits.parse().map(Some).map_err(|_| bad()),
        }
    };
    let (min, max) = (day(min)?, day(max)?);
    match (min, max) {
        (None, None) => Err(bad()),
        (Some(min), Some(max)) if max < min => Err(CliError::usage(
            "--days-overdue ends before it starts, so no invoice could match. Check the days.",
        )),
        range => Ok(range),
    }
}

/// `--as-of YYYY-MM-DD`: the last millisecond of that day in this computer's time zone (the
/// day a finance user means), or an exact RFC 3339 time.
fn parse_as_of(text: &str) -> Result<DateTime<Utc>, CliError> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        && let Some(end) = date.and_hms_milli_opt(23, 59, 59, 999)
        && let Some(local) = chrono::Local.from_local_datetime(&end).latest()
    {
        return Ok(local.with_timezone(&Utc));
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            CliError::usage(format!(
                "--as-of \"{text}\" is not a date. Use YYYY-MM-DD (the end of that day, in this \
                 computer's time zone) or an RFC 3339 time such as 2026-11-30T23:59:59Z."
            ))
        })
}

/// An amount bound: a plain decimal in major units, read exactly (never as a float).
fn parse_amount(option: &str, text: Option<&str>) -> Result<Option<MajorAmount>, CliError> {
    text.map(|text| {
        MajorAmount::parse(text).map_err(|e| {
            CliError::usage(format!(
                "{option}: {e} It is in major units of each invoice's currency (10 is USD \
                 10.00 and JPY 10)."
            ))
        })
    })
    .transpose()
}

/// `COLUMN`, `COLUMN:asc` or `COLUMN:desc`, the column named as in the CSV header.
fn parse_sort(text: &str) -> Result<Sort, CliError> {
    let (name, direction) = match text.trim().rsplit_once(':') {
        Some((name, direction)) if direction.eq_ignore_ascii_case("desc") => {
            (name, SortDirection::Desc)
        }
        Some((name, direction)) if direction.eq_ignore_ascii_case("asc") => {
            (name, SortDirection::Asc)
        }
        Some(_) => {
            return Err(CliError::usage(format!(
                "--sort \"{text}\": the direction after the colon is asc or desc, e.g. total:desc."
            )));
        }
        None => (text, SortDirection::Asc),
    };
    let column = SortColumn::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = SortColumn::ALL.iter().map(|c| c.name()).collect();
        CliError::usage(format!(
            "--sort \"{}\" is not a column to sort by. Use one of {}, with :desc to reverse.",
            name.trim(),
            names.join(", ")
        ))
    })?;
    Ok(Sort { column, direction })
}

#[derive(Clone, Copy)]
enum Bound {
    Start,
    End,
}

/// A date is a whole UTC day: `--since` starts at its midnight, `--until` ends at the next
/// midnight (the query's upper bound is exclusive). A time is used as it is.
fn parse_bound(option: &str, text: &str, bound: Bound) -> Result<DateTime<Utc>, CliError> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        let day = match bound {
            Bound::Start => Some(date),
            Bound::End => date.checked_add_days(Days::new(1)),
        };
        if let Some(midnight) = day.and_then(|d| d.and_hms_opt(0, 0, 0)) {
            return Ok(midnight.and_utc());
        }
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            CliError::usage(format!(
                "{option} \"{text}\" is not a date. Use YYYY-MM-DD (a whole day, UTC) or an \
                 RFC 3339 time such as 2024-05-01T09:30:00Z."
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn dates_cover_whole_days_and_times_are_exact() {
        let args = FilterArgs {
            since: Some("2024-05-01".into()),
            until: Some("2024-05-31".into()),
            ..FilterArgs::default()
        };
        let q = query(&args).unwrap();
        assert_eq!(q.created_from, Some(at("2024-05-01T00:00:00Z")));
        assert_eq!(
            q.created_to,
            Some(at("2024-06-01T00:00:00Z")),
            "the last day is included: the bound is the next midnight, exclusive"
        );
        let args = FilterArgs {
            since: Some("2024-05-01T10:00:00+02:00".into()),
            ..FilterArgs::default()
        };
        assert_eq!(
            query(&args).unwrap().created_from,
            Some(at("2024-05-01T08:00:00Z"))
        );
    }

    #[test]
    fn bad_dates_and_empty_ranges_are_usage_errors() {
        for (since, until) in [(Some("01/05/2024"), None), (None, Some("yesterday"))] {
            let args = FilterArgs {
                since: since.map(str::to_owned),
                until: until.map(str::to_owned),
                ..FilterArgs::default()
            };
            let error = query(&args).unwrap_err();
            assert_eq!(error.exit.code(), 2, "{error}");
            assert!(
                error.message.contains("YYYY-MM-DD"),
                "says what to type: {error}"
            );
        }
        let args = FilterArgs {
            since: Some("2024-06-01".into()),
            until: Some("2024-05-01".into()),
            ..FilterArgs::default()
        };
        assert!(query(&args).is_err(), "an empty range is a mistake");
    }

    #[test]
    fn amounts_due_dates_and_sort_become_the_query() {
        let args = FilterArgs {
            amount_min: Some("10".into()),
            amount_max: Some("2500.50".into()),
            due_from: Some("2024-05-01".into()),
            due_until: Some("2024-05-31".into()),
            sort: Some("Total:DESC".into()),
            ..FilterArgs::default()
        };
        let q = query(&args).unwrap();
        assert_eq!(q.amount_min, MajorAmount::parse("10").ok());
        assert_eq!(q.amount_max, MajorAmount::parse("2500.5").ok());
        assert_eq!(q.due_from, Some(at("2024-05-01T00:00:00Z")));
        assert_eq!(
            q.due_to,
            Some(at("2024-06-01T00:00:00Z")),
            "--due-until includes its whole day"
        );
        assert_eq!(
            q.sort,
            Some(Sort {
                column: SortColumn::Total,
                direction: SortDirection::Desc
            })
        );
        for (text, column, direction) in [
            ("dueAt", SortColumn::DueAt, SortDirection::Asc),
            (
                "amountRemaining:asc",
                SortColumn::AmountRemaining,
                SortDirection::Asc,
            ),
            (
                " daysoverdue:desc ",
                SortColumn::DaysOverdue,
                SortDirection::Desc,
            ),
        ] {
            assert_eq!(
                parse_sort(text).unwrap(),
                Sort { column, direction },
                "{text}"
            );
        }
    }

    #[test]
    fn bad_amounts_sorts_and_empty_ranges_are_usage_errors() {
        let cases = [
            (
                FilterArgs {
                    amount_min: Some("1,000".into()),
                    ..FilterArgs::default()
                },
                "--amount-min",
            ),
            (
                FilterArgs {
                    amount_min: Some("100".into()),
                    amount_max: Some("99.99".into()),
                    ..FilterArgs::default()
                },
                "below --amount-min",
            ),
            (
                FilterArgs {
                    due_from: Some("2024-06-01".into()),
                    due_until: Some("2024-05-31".into()),
                    ..FilterArgs::default()
                },
                "--due-until is not after --due-from",
            ),
            (
                FilterArgs {
                    due_until: Some("soon".into()),
                    ..FilterArgs::default()
                },
                "--due-until \"soon\" is not a date",
            ),
            (
                FilterArgs {
                    sort: Some("agingBucket".into()),
                    ..FilterArgs::default()
                },
                "Use one of org, number, id, status, currency, total, amountDue",
            ),
            (
                FilterArgs {
                    sort: Some("total:down".into()),
                    ..FilterArgs::default()
                },
                "asc or desc",
            ),
        ];
        for (args, says) in cases {
            let error = query(&args).unwrap_err();
            assert_eq!(error.exit.code(), 2, "{error}");
            assert!(error.message.contains(says), "{says:?} in: {error}");
        }
        let negative = FilterArgs {
            amount_min: Some("-5".into()),
            amount_max: Some("-5".into()),
            ..FilterArgs::default()
        };
        assert!(query(&negative).is_ok(), "a one-value range is a range");
    }

    #[test]
    fn statuses_currency_search_and_overdue_become_the_query() {
        let args = FilterArgs {
            statuses: vec!["open".into(), "PAID".into()],
            currency: Some("eur".into()),
            search: Some("  INV-1 ".into()),
            overdue: true,
            ..FilterArgs::default()
        };
        let q = query(&args).unwrap();
        assert_eq!(
            q.statuses,
            Some(vec![InvoiceStatus::Open, InvoiceStatus::Paid])
        );
        assert_eq!(q.currency, Some(Currency::new("EUR")));
        assert_eq!(q.text.as_deref(), Some("INV-1"));
        assert_eq!(q.overdue_only, Some(true));
        assert_eq!(
            query(&FilterArgs::default()).unwrap(),
            InvoiceQuery::default(),
            "no filter"
        );
    }
}
