//! The one error type every command returns, and the shape the UI receives.
//!
//! [`CommandError`] and [`ErrorCode`] are defined in `billing_core::desk::error` (the app's
//! engine fills them, e.g. in an organization's status), so the core's errors are
//! classified once, next to the core, and tested without a window. This module adds what only
//! the shell can fail at (the dialog, the opener).

pub use billing_core::desk::{CommandError, ErrorCode};
