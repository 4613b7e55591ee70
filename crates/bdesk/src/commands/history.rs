//! `bdesk history [verify]`: the exports made from a connection, and whether anyone edited
//! that list or the files since (see [`billing_core::history`]).

use std::io::IsTerminal;

use chrono::{DateTime, Utc};

use super::write_stdout;
use crate::cli::{HistoryAction, HistoryArgs};
use crate::exit::{CliError, Exit};
use crate::source;
use crate::table::{Table, clean};

/// Runs `bdesk history`.
///
/// # Errors
/// As [`source::history_of`]; exit 1 when the history cannot be read.
pub fn run(args: HistoryArgs, now: DateTime<Utc>) -> Result<Exit, CliError> {
    let history = source::history_of(&args.source, now)?;
    if args.action == Some(HistoryAction::Verify) {
        let report = history.verify()?;
        if args.json {
            write_stdout(|out| {
                serde_json::to_writer_pretty(&mut *out, &report)?;
                writeln!(out)
            })?;
        }
        for line in report.interrupted.iter().chain(&report.files_missing) {
            eprintln!("bdesk: note: {}", clean(line));
        }
        for line in report.tampered.iter().chain(&report.files_changed) {
            eprintln!("bdesk: does not match: {}", clean(line));
        }
        if report.is_clean() {
            eprintln!(
                "bdesk: the history of {} exports verifies ({})",
                report.entries,
                history.dir().display()
            );
            return Ok(Exit::Ok);
        }
        return Ok(Exit::Changed);
    }
    let entries = history.entries()?;
    if args.json {
        write_stdout(|out| {
            serde_json::to_writer_pretty(&mut *out, &entries)?;
            writeln!(out)
        })?;
        return Ok(Exit::Ok);
    }
    if entries.is_empty() {
        eprintln!(
            "bdesk: nothing exported from here yet ({})",
            history.dir().display()
        );
        return Ok(Exit::Ok);
    }
    let mut table = Table::new(&[
        ("EXPORT", true),
        ("AT", false),
        ("USER", false),
        ("FORMAT", false),
        ("ROWS", true),
        ("FILE", false),
    ]);
    for entry in &entries {
        table.push(vec![
            entry.seq.to_string(),
            entry.at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
            entry.user.clone(),
            entry.format.clone(),
            entry.rows.to_string(),
            entry
                .path
                .clone()
                .unwrap_or_else(|| "(standard output)".to_owned()),
        ]);
    }
    let aligned = std::io::stdout().is_terminal();
    write_stdout(|out| table.write(out, aligned))?;
    Ok(Exit::Ok)
}
