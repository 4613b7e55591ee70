//! What the app and `bdesk` do to their own process at start: no core dumps. A dump of a
//! process that has read the API token would hold the token in a file (or in the system's
//! crash collector), outside the keyring.

/// Turns core dumps off for this process: the core size limit goes to 0, and on Linux the
/// process is marked not dumpable, which also stops a crash collector that ignores the limit
/// (a piped `core_pattern`) and keeps other processes of the same user from reading its
/// memory. Failures are logged; the process runs on.
pub fn disable_core_dumps() {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, setrlimit};
        let none = Rlimit {
            current: Some(0),
            maximum: Some(0),
        };
        if let Err(error) = setrlimit(Resource::Core, none) {
            tracing::warn!(%error, "could not turn core dumps off");
        }
        #[cfg(target_os = "linux")]
        if let Err(error) =
            rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)
        {
            tracing::warn!(%error, "could not mark the process not dumpable");
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    #[test]
    fn after_the_call_the_process_has_no_core_limit_and_is_not_dumpable() {
        super::disable_core_dumps();
        let limit = rustix::process::getrlimit(rustix::process::Resource::Core);
        assert_eq!((limit.current, limit.maximum), (Some(0), Some(0)));
        assert_eq!(
            rustix::process::dumpable_behavior().ok(),
            Some(rustix::process::DumpableBehavior::NotDumpable)
        );
    }
}
