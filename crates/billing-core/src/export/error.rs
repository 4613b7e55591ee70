//! What can go wrong while exporting, in words a finance user can act on.

use std::io;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// Errors of the export area (CSV, XLSX, JSON, manifest, atomic file writing).
///
/// [`ExportError::code`] gives a stable machine code for the shell and CLI; the message
/// (`Display`) is for people and names the file concerned when there is one.
#[derive(Debug, Error)]
pub enum ExportError {
    /// The target folder does not exist, is read-only, or the target is a folder: nothing was
    /// written and any previous file is untouched.
    #[error(
        "Cannot write the export to {}: {source}. Choose a folder you may write to; \
         nothing was written.",
        path.display()
    )]
    PathUnwritable {
        /// The file that was asked for.
        path: PathBuf,
        /// What the operating system reported.
        source: io::Error,
    },

    /// Writing failed part-way (disk full, broken pipe, device error). When the target was a
    /// file, the temp file was removed and any previous file is untouched.
    #[error("Could not write the export{}: {source}. Nothing was kept; try again.", at(path.as_deref()))]
    Io {
        /// The file concerned, when the export goes to a file.
        path: Option<PathBuf>,
        /// What the operating system reported.
        source: io::Error,
    },

    /// More invoice rows than one Excel sheet can hold.
    #[error(
        "The export has {rows} rows, but an Excel sheet holds at most {max}. Narrow the \
         filters, or export to CSV or JSON instead."
    )]
    TooManyRows {
        /// Rows that were to be written.
        rows: u64,
        /// Excel's limit for data rows (below the header row).
        max: u64,
    },

    /// The Excel writer refused something other than an I/O problem.
    #[error("Could not build the Excel file: {detail}.")]
    Xlsx {
        /// The writer's own description.
        detail: String,
    },

    /// A format the content cannot be exported in (payment methods as XLSX).
    #[error(
        "Payment methods cannot be exported as {format} on their own; export them as CSV or \
         JSON, or export invoices as Excel, which has a payment-methods sheet."
    )]
    FormatNotAvailable {
        /// The format that was asked for.
        format: super::ExportFormat,
    },

    /// A manifest was asked for an export that goes to standard output.
    #[error(
        "A manifest can only be written next to an export file, not for standard output. \
         Choose an output file."
    )]
    ManifestNeedsFile,

    /// The export was cancelled (Ctrl-C, the window's Cancel) before its file was complete:
    /// the temp file was removed and any previous file is untouched.
    #[error("The export was cancelled; nothing was written.")]
    Cancelled,
}

fn at(path: Option<&Path>) -> String {
    match path {
        Some(path) => format!(" to {}", path.display()),
        None => String::new(),
    }
}

impl ExportError {
    /// A stable code for the front ends: `export_path_unwritable`, `export_io`,
    /// `export_too_many_rows`, `export_xlsx`, `export_format_not_available`,
    /// `export_manifest_needs_file`, `export_cancelled`.
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::PathUnwritable { .. } => "export_path_unwritable",
            ExportError::Io { .. } => "export_io",
            ExportError::TooManyRows { .. } => "export_too_many_rows",
            ExportError::Xlsx { .. } => "export_xlsx",
            ExportError::FormatNotAvailable { .. } => "export_format_not_available",
            ExportError::ManifestNeedsFile => "export_manifest_needs_file",
            ExportError::Cancelled => "export_cancelled",
        }
    }

    /// The file this error is about, if any.
    pub fn path(&self) -> Option<&Path> {
        match self {
            ExportError::PathUnwritable { path, .. } => Some(path),
            ExportError::Io { path, .. } => path.as_deref(),
            _ => None,
        }
    }

    /// Attaches the target file to an I/O error that happened while streaming into it.
    pub(crate) fn at_path(self, target: &Path) -> ExportError {
        match self {
            ExportError::Io { path: None, source } => ExportError::Io {
                path: Some(target.to_path_buf()),
                source,
            },
            other => other,
        }
    }
}

impl From<io::Error> for ExportError {
    fn from(source: io::Error) -> Self {
        ExportError::Io { path: None, source }
    }
}

impl From<serde_json::Error> for ExportError {
    fn from(error: serde_json::Error) -> Self {
        // Serializing our own types cannot fail for data reasons; what remains is I/O.
        ExportError::Io {
            path: None,
            source: io::Error::from(error),
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(error: rust_xlsxwriter::XlsxError) -> Self {
        match error {
            rust_xlsxwriter::XlsxError::IoError(source) => ExportError::Io { path: None, source },
            other => ExportError::Xlsx {
                detail: other.to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_and_messages_name_the_file() {
        let error = ExportError::PathUnwritable {
            path: PathBuf::from("/nowhere/report.csv"),
            source: io::Error::from(io::ErrorKind::NotFound),
        };
        assert_eq!(error.code(), "export_path_unwritable");
        assert!(
            error.to_string().contains("/nowhere/report.csv"),
            "the user must see which path failed: {error}"
        );
        let error = ExportError::from(io::Error::from(io::ErrorKind::BrokenPipe))
            .at_path(Path::new("out.csv"));
        assert_eq!(error.code(), "export_io");
        assert_eq!(error.path(), Some(Path::new("out.csv")), "path attached");
        assert!(error.to_string().contains("to out.csv"), "{error}");
    }
}
