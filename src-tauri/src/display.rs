//! Whether a window can be shown at all. On Linux and the BSDs, GTK needs an X11 or Wayland
//! display; without one (an SSH session, a cron job) it cannot start, and the windowing layer
//! (tao) aborts the process with a GTK backtrace. So the app checks first and says what to do.

/// The message printed when there is no display, naming the command line that needs none.
pub const NO_DISPLAY_MESSAGE: &str = "Billing Desk needs a graphical display, and none is set \
    (DISPLAY and WAYLAND_DISPLAY are empty). For scripts and remote shells use the command line, \
    which shares the app's settings and keyring: `bdesk --help` (or `bdesk --demo invoices --org \
    acme-corp` to try it). To run the window on a virtual display: `xvfb-run -a billing-desk`.";

/// `Err` with [`NO_DISPLAY_MESSAGE`] where the window cannot open for want of a display.
pub fn check() -> Result<(), &'static str> {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    if needs_display_server() && !has_display(set("DISPLAY"), set("WAYLAND_DISPLAY")) {
        return Err(NO_DISPLAY_MESSAGE);
    }
    Ok(())
}

/// macOS and Windows always have their window server; GTK platforms need one named.
fn needs_display_server() -> bool {
    cfg!(all(unix, not(target_os = "macos"), not(target_os = "ios")))
}

fn has_display(x11: bool, wayland: bool) -> bool {
    x11 || wayland
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_display_is_enough() {
        assert!(has_display(true, false));
        assert!(has_display(false, true));
        assert!(!has_display(false, false));
    }

    #[test]
    fn the_message_points_to_the_command_line() {
        assert!(NO_DISPLAY_MESSAGE.contains("bdesk"));
        assert!(NO_DISPLAY_MESSAGE.contains("DISPLAY"));
    }
}
