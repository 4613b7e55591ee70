//! Where exports and PDFs go: the native save / folder dialog (asked without blocking the
//! main thread), or the test hook's folder.

use std::path::PathBuf;

use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::{DialogExt, FilePath};

use crate::error::CommandError;
use crate::state::Hooks;

/// File name of an export in the test hook's folder (and the dialog's suggestion).
pub const EXPORT_STEM: &str = "billing-desk-export";

fn chosen(path: Option<FilePath>) -> Result<Option<PathBuf>, CommandError> {
    path.map(|p| {
        p.into_path().map_err(|e| {
            CommandError::internal(format!("The chosen location cannot be used: {e}."))
        })
    })
    .transpose()
}

/// File name of an export of changes in the test hook's folder (and the dialog's suggestion).
pub const CHANGES_STEM: &str = "billing-desk-changes";

/// What a save dialog asks for: its title and the suggested file name's stem.
#[derive(Debug, Clone, Copy)]
pub struct SaveAs {
    /// The dialog's title.
    pub title: &'static str,
    /// The file name before `.<ext>`.
    pub stem: &'static str,
}

/// An export of invoices.
pub const INVOICES: SaveAs = SaveAs {
    title: "Export invoices",
    stem: EXPORT_STEM,
};

/// An export of changes since an earlier export.
pub const CHANGES: SaveAs = SaveAs {
    title: "Export changes",
    stem: CHANGES_STEM,
};

/// The export file: `<hook dir>/<stem>.<ext>`, or what the user picks in the save dialog
/// (`None`: cancelled).
pub async fn export_path<R: Runtime>(
    app: &AppHandle<R>,
    hooks: &Hooks,
    what: SaveAs,
    ext: &str,
) -> Result<Option<PathBuf>, CommandError> {
    if let Some(dir) = &hooks.save_dir {
        return Ok(Some(dir.join(format!("{}.{ext}", what.stem))));
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title(what.title)
        .set_file_name(format!("{}.{ext}", what.stem))
        .add_filter(ext.to_uppercase(), &[ext])
        .save_file(move |path| {
            // The receiver only goes away if the command was dropped; nothing to tell then.
            let _ = tx.send(path);
        });
    chosen(rx.await.ok().flatten())
}

/// The PDF folder: `<hook dir>/pdfs`, or what the user picks (`None`: cancelled).
pub async fn pdf_dir<R: Runtime>(
    app: &AppHandle<R>,
    hooks: &Hooks,
) -> Result<Option<PathBuf>, CommandError> {
    if let Some(dir) = &hooks.save_dir {
        return Ok(Some(dir.join("pdfs")));
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    app.dialog()
        .file()
        .set_title("Folder for the invoice PDFs")
        .pick_folder(move |path| {
            let _ = tx.send(path);
        });
    chosen(rx.await.ok().flatten())
}
