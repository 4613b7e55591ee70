//! A panic is a bug. When one happens the app and `bdesk` log it and write a short report
//! (when, where, what) into their data folder; the next start takes that report and shows it,
//! so a crash that happened in a window nobody watched, or in a scheduled job whose output
//! went nowhere, still reaches the user.
//!
//! The report holds the panic's message and source location only: no backtrace, no data the
//! program was working on. Panic messages of this code never hold the API token (it is only
//! ever held as a `secrecy` secret, whose `Debug` is redacted), and the message is cut to
//! [`MESSAGE_MAX_CHARS`].

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::export::AtomicFile;

/// The longest panic message a report keeps, in characters.
pub const MESSAGE_MAX_CHARS: usize = 500;

/// The most bytes of a report file read back (a report is a few hundred bytes).
const REPORT_MAX_BYTES: u64 = 64 * 1024;

/// A panic of an earlier run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CrashReport {
    /// When it happened.
    #[ts(type = "string")]
    pub at: DateTime<Utc>,
    /// `billing-desk` or `bdesk`.
    pub program: String,
    /// The program's version.
    pub version: String,
    /// The panic's message, cut to [`MESSAGE_MAX_CHARS`].
    pub message: String,
    /// `file:line` in the source, when known.
    pub location: Option<String>,
    /// The thread's name, when it has one.
    pub thread: Option<String>,
}

/// The report file of `program` in `dir`.
pub fn report_path(dir: &Path, program: &str) -> PathBuf {
    dir.join(format!("last-crash-{program}.json"))
}

/// Installs a panic hook that logs the panic (`tracing`, level error), writes its report to
/// [`report_path`] in `dir`, then runs the hook that was there before (which prints the
/// message to standard error).
pub fn install(dir: PathBuf, program: &'static str, version: &'static str) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let report = CrashReport {
            at: Utc::now(),
            program: program.to_owned(),
            version: version.to_owned(),
            message: crate::text::clip(payload_text(info.payload()), MESSAGE_MAX_CHARS),
            location: info
                .location()
                .map(|at| format!("{}:{}", at.file(), at.line())),
            thread: std::thread::current().name().map(str::to_owned),
        };
        tracing::error!(
            message = %report.message,
            location = report.location.as_deref().unwrap_or("unknown"),
            "{program} stopped on a bug (a panic); the report is shown at the next start"
        );
        if let Err(error) = write(&dir, &report) {
            tracing::error!(%error, "could not write the crash report");
        }
        previous(info);
    }));
}

/// Takes the report of `program`'s last crash out of `dir`: returns it once (the file is
/// removed), then `None` until the next crash. A report that cannot be read is removed and
/// logged.
pub fn take(dir: &Path, program: &str) -> Option<CrashReport> {
    let path = report_path(dir, program);
    let bytes = match crate::private_file::read_limited(&path, REPORT_MAX_BYTES) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return None,
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "crash report unreadable");
            return None;
        }
    };
    if let Err(error) = std::fs::remove_file(&path) {
        // Left in place it would be reported at every start: say so, still report it now.
        tracing::warn!(path = %path.display(), %error, "could not remove the crash report");
    }
    match serde_json::from_slice(&bytes) {
        Ok(report) => Some(report),
        Err(error) => {
            tracing::warn!(path = %path.display(), %error, "crash report damaged; dropped");
            None
        }
    }
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> &str {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text
    } else {
        "a panic without a message"
    }
}

/// Writes the report owner-only through the project's atomic writer ([`AtomicFile`]: temp
/// file in the same folder, synced, renamed over the old report), so a second panic while
/// writing never leaves half a report.
fn write(dir: &Path, report: &CrashReport) -> std::io::Result<()> {
    let text = serde_json::to_vec_pretty(report).map_err(std::io::Error::other)?;
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    let mut file =
        AtomicFile::create(&report_path(dir, &report.program)).map_err(std::io::Error::other)?;
    file.write_all(&text)?;
    file.commit().map_err(std::io::Error::other)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_message_is_cut_on_a_character_boundary() {
        let long = "é".repeat(MESSAGE_MAX_CHARS + 10);
        let cut = crate::text::clip(&long, MESSAGE_MAX_CHARS);
        assert_eq!(cut.chars().count(), MESSAGE_MAX_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(crate::text::clip("short", MESSAGE_MAX_CHARS), "short");
    }

    #[test]
    fn a_written_report_is_taken_once() {
        let dir = tempfile::tempdir().unwrap();
        let report = CrashReport {
            at: Utc::now(),
            program: "bdesk".to_owned(),
            version: "1.2.3".to_owned(),
            message: "boom".to_owned(),
            location: Some("src/x.rs:1".to_owned()),
            thread: None,
        };
        write(dir.path(), &report).unwrap();
        assert_eq!(
            take(dir.path(), "billing-desk"),
            None,
            "another program's report"
        );
        assert_eq!(take(dir.path(), "bdesk"), Some(report));
        assert_eq!(take(dir.path(), "bdesk"), None, "reported once");
    }

    #[test]
    fn a_damaged_report_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(report_path(dir.path(), "bdesk"), b"{not json").unwrap();
        assert_eq!(take(dir.path(), "bdesk"), None);
        assert!(!report_path(dir.path(), "bdesk").exists());
    }
}
