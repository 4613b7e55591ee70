//! Ctrl-C: the first press cancels what can be cancelled (fetches and downloads stop, nothing
//! half-done is written); a second press ends the process at once with exit code 130.
//!
//! `bdesk export` honours the first press until its finished file is about to replace the
//! target: after the fetch, before the file is created, and once more just before the rename
//! (exit 130, "Interrupted; nothing was written.", the previous file untouched). Only a press
//! after that last check lets the export complete and exit 0.

use std::sync::OnceLock;

use tokio_util::sync::CancellationToken;

static CANCEL: OnceLock<CancellationToken> = OnceLock::new();

/// The run's cancellation token, cancelled by the first Ctrl-C.
pub fn token() -> CancellationToken {
    CANCEL.get_or_init(CancellationToken::new).clone()
}

/// Starts watching for Ctrl-C. Call once, inside the runtime. (Once tokio handles the signal
/// it stays handled for the whole process, so one watcher serves every phase of a command.)
pub fn watch() {
    let cancel = token();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_err() {
            return;
        }
        eprintln!("bdesk: stopping; press Ctrl-C again to quit at once");
        cancel.cancel();
        if tokio::signal::ctrl_c().await.is_ok() {
            std::process::exit(130);
        }
    });
}
