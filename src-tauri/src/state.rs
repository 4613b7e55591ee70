//! State shared by the commands, managed by Tauri.

/// What the app decided at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppState {
    /// The app shows demo data. Connections cannot be configured yet (settings arrive with
    /// the keyring work), so `run()` always starts in demo mode for now; later this is
    /// "no connection is configured".
    pub demo: bool,
}
