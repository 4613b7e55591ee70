//! Where Billing Desk keeps its files: config (settings), cache (fetched data) and data (PDFs).
//!
//! Each folder comes from, in order:
//!
//! | folder | 1st                | 2nd                          | 3rd (OS default, see below) |
//! |--------|--------------------|------------------------------|-----------------------------|
//! | config | `BDESK_CONFIG_DIR` |                              | config dir                  |
//! | cache  | `BDESK_CACHE_DIR`  | `$BDESK_CONFIG_DIR/cache`    | cache dir                   |
//! | data   | `BDESK_DATA_DIR`   | `$BDESK_CONFIG_DIR/data`     | data dir                    |
//! | logs   | `BDESK_LOG_DIR`    | `$BDESK_CONFIG_DIR/logs`     | log dir                     |
//!
//! so one variable, `BDESK_CONFIG_DIR`, keeps a test or script run entirely inside one folder.
//! An empty variable counts as unset. The OS defaults come from the `directories` crate with
//! `ProjectDirs::from("", "", "billing-desk")`:
//!
//! | OS      | config                                   | cache                              | data                                   |
//! |---------|------------------------------------------|------------------------------------|----------------------------------------|
//! | Linux   | `$XDG_CONFIG_HOME/billing-desk` (`~/.config/billing-desk`) | `$XDG_CACHE_HOME/billing-desk` (`~/.cache/…`) | `$XDG_DATA_HOME/billing-desk` (`~/.local/share/…`) |
//! | macOS   | `~/Library/Application Support/billing-desk` | `~/Library/Caches/billing-desk` | `~/Library/Application Support/billing-desk` |
//! | Windows | `%APPDATA%\billing-desk\config`          | `%LOCALAPPDATA%\billing-desk\cache`| `%APPDATA%\billing-desk\data`          |
//!
//! and the log folder is `$XDG_STATE_HOME/billing-desk/logs` (`~/.local/state/…`) on Linux,
//! `~/Library/Logs/billing-desk` on macOS and `%LOCALAPPDATA%\billing-desk\data\logs` on
//! Windows.
//!
//! Nothing here creates a folder; whoever writes into one creates it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use directories::ProjectDirs;

use super::error::SettingsError;
use super::store::SettingsStore;

/// Overrides the config folder (and, unless overridden themselves, the cache and data folders).
pub const CONFIG_DIR_ENV: &str = "BDESK_CONFIG_DIR";
/// Overrides the cache folder.
pub const CACHE_DIR_ENV: &str = "BDESK_CACHE_DIR";
/// Overrides the data folder.
pub const DATA_DIR_ENV: &str = "BDESK_DATA_DIR";
/// Overrides the log folder (the app's daily log files).
pub const LOG_DIR_ENV: &str = "BDESK_LOG_DIR";

/// The application name given to `directories`; it becomes the last path component.
const APPLICATION: &str = "billing-desk";

/// The folders Billing Desk writes to. See the module documentation for how each is chosen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppDirs {
    config: PathBuf,
    cache: PathBuf,
    data: PathBuf,
    logs: PathBuf,
}

impl AppDirs {
    /// The folders for this process, from its environment.
    ///
    /// # Errors
    /// [`SettingsError::NoConfigDir`] when an OS default is needed and the OS has none.
    pub fn from_env() -> Result<AppDirs, SettingsError> {
        Self::resolve(|name| std::env::var_os(name))
    }

    /// The folders for an environment given as a lookup function (tests pass a map).
    ///
    /// # Errors
    /// [`SettingsError::NoConfigDir`] when an OS default is needed and the OS has none.
    pub fn resolve(env: impl Fn(&str) -> Option<OsString>) -> Result<AppDirs, SettingsError> {
        let var = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
        let config_override = var(CONFIG_DIR_ENV);
        let cache_override =
            var(CACHE_DIR_ENV).or_else(|| config_override.as_ref().map(|dir| dir.join("cache")));
        let data_override =
            var(DATA_DIR_ENV).or_else(|| config_override.as_ref().map(|dir| dir.join("data")));
        let logs_override =
            var(LOG_DIR_ENV).or_else(|| config_override.as_ref().map(|dir| dir.join("logs")));

        // Ask the OS only when some folder is not overridden, so a machine without a home
        // folder still works with the variables set.
        let os = if config_override.is_none()
            || cache_override.is_none()
            || data_override.is_none()
            || logs_override.is_none()
        {
            Some(ProjectDirs::from("", "", APPLICATION).ok_or(SettingsError::NoConfigDir)?)
        } else {
            None
        };
        let os_dir = |pick: fn(&ProjectDirs) -> &Path| {
            os.as_ref()
                .map(|dirs| pick(dirs).to_path_buf())
                .ok_or(SettingsError::NoConfigDir)
        };
        Ok(AppDirs {
            config: match config_override {
                Some(dir) => dir,
                None => os_dir(ProjectDirs::config_dir)?,
            },
            cache: match cache_override {
                Some(dir) => dir,
                None => os_dir(ProjectDirs::cache_dir)?,
            },
            data: match data_override {
                Some(dir) => dir,
                None => os_dir(ProjectDirs::data_dir)?,
            },
            logs: match logs_override {
                Some(dir) => dir,
                None => os_log_dir(os.as_ref().ok_or(SettingsError::NoConfigDir)?),
            },
        })
    }

    /// Folders given explicitly (the app may take them from its framework); logs go to
    /// `data/logs`.
    pub fn new(config: PathBuf, cache: PathBuf, data: PathBuf) -> AppDirs {
        AppDirs {
            logs: data.join("logs"),
            config,
            cache,
            data,
        }
    }

    /// Holds the app's daily log files (see [`crate::log_files`]).
    pub fn log_dir(&self) -> &Path {
        &self.logs
    }

    /// Holds `settings.toml`.
    pub fn config_dir(&self) -> &Path {
        &self.config
    }

    /// Holds data that can be fetched again (API responses).
    pub fn cache_dir(&self) -> &Path {
        &self.cache
    }

    /// Holds files the user keeps (downloaded invoice PDFs).
    pub fn data_dir(&self) -> &Path {
        &self.data
    }

    /// The settings store in the config folder.
    pub fn settings_store(&self) -> SettingsStore {
        SettingsStore::at(&self.config)
    }

    /// Checks the folders that exist already (made by an older build, by hand, or by someone
    /// else): one owned by another user is refused; one that others may read or write is
    /// made owner-only (0700). Folders that do not exist yet are created owner-only by their
    /// writers. No-op off unix.
    ///
    /// # Errors
    /// [`SettingsError::ForeignFolder`], [`SettingsError::FolderCheck`].
    pub fn check_existing(&self) -> Result<(), SettingsError> {
        for dir in [&self.config, &self.cache, &self.data] {
            check_private(dir)?;
        }
        Ok(())
    }
}

/// The OS's folder for an application's logs (see the module docs).
fn os_log_dir(os: &ProjectDirs) -> PathBuf {
    if let Some(state) = os.state_dir() {
        return state.join("logs");
    }
    #[cfg(target_os = "macos")]
    if let Some(base) = directories::BaseDirs::new() {
        return base.home_dir().join("Library/Logs").join(APPLICATION);
    }
    os.data_local_dir().join("logs")
}

#[cfg(unix)]
fn check_private(dir: &Path) -> Result<(), SettingsError> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let failed = |source| SettingsError::FolderCheck {
        path: dir.to_path_buf(),
        source,
    };
    let meta = match std::fs::metadata(dir) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(failed(e)),
    };
    let me = rustix::process::geteuid().as_raw();
    if meta.uid() != me {
        return Err(SettingsError::ForeignFolder {
            path: dir.to_path_buf(),
            owner: meta.uid(),
        });
    }
    if meta.mode() & 0o077 != 0 {
        tracing::info!(path = %dir.display(), mode = format!("{:o}", meta.mode() & 0o777), "making the folder owner-only");
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).map_err(failed)?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_dir: &Path) -> Result<(), SettingsError> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[cfg(unix)]
    #[test]
    fn existing_folders_are_made_owner_only_and_foreign_ones_refused() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        let dirs = AppDirs::new(
            root.path().join("config"),
            root.path().join("cache"),
            root.path().join("data"),
        );
        dirs.check_existing().unwrap();
        assert!(!dirs.config_dir().exists(), "nothing is created");
        std::fs::create_dir(dirs.config_dir()).unwrap();
        std::fs::set_permissions(dirs.config_dir(), std::fs::Permissions::from_mode(0o777))
            .unwrap();
        dirs.check_existing().unwrap();
        let mode = std::fs::metadata(dirs.config_dir())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
        // Giving a folder away needs root; elsewhere this part cannot be set up.
        if rustix::process::geteuid().is_root() {
            std::fs::create_dir(dirs.cache_dir()).unwrap();
            std::os::unix::fs::chown(dirs.cache_dir(), Some(65534), None).unwrap();
            let err = dirs.check_existing().unwrap_err();
            assert!(
                matches!(err, SettingsError::ForeignFolder { owner: 65534, .. }),
                "{err:?}"
            );
        }
    }

    fn resolve(vars: &[(&str, &str)]) -> AppDirs {
        let map: HashMap<String, OsString> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), OsString::from(v)))
            .collect();
        AppDirs::resolve(|name| map.get(name).cloned()).unwrap()
    }

    #[test]
    fn config_dir_variable_keeps_everything_inside_it() {
        let dirs = resolve(&[(CONFIG_DIR_ENV, "/tmp/bd")]);
        assert_eq!(dirs.config_dir(), Path::new("/tmp/bd"));
        assert_eq!(
            dirs.cache_dir(),
            Path::new("/tmp/bd/cache"),
            "cache follows the config dir"
        );
        assert_eq!(
            dirs.data_dir(),
            Path::new("/tmp/bd/data"),
            "data follows the config dir"
        );
        assert_eq!(dirs.log_dir(), Path::new("/tmp/bd/logs"), "so do the logs");
    }

    #[test]
    fn cache_and_data_variables_win_over_the_config_dir() {
        let dirs = resolve(&[
            (CONFIG_DIR_ENV, "/tmp/bd"),
            (CACHE_DIR_ENV, "/var/c"),
            (DATA_DIR_ENV, "/var/d"),
            (LOG_DIR_ENV, "/var/l"),
        ]);
        assert_eq!(dirs.cache_dir(), Path::new("/var/c"));
        assert_eq!(dirs.data_dir(), Path::new("/var/d"));
        assert_eq!(dirs.log_dir(), Path::new("/var/l"));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn logs_default_to_the_xdg_state_folder_on_linux() {
        let dirs = resolve(&[(CONFIG_DIR_ENV, "")]);
        let logs = dirs.log_dir().to_string_lossy().into_owned();
        assert!(logs.ends_with("billing-desk/logs"), "{logs}");
        match std::env::var_os("XDG_STATE_HOME").filter(|v| !v.is_empty()) {
            Some(state) => assert!(dirs.log_dir().starts_with(state), "{logs}"),
            None => assert!(logs.contains(".local/state"), "{logs}"),
        }
    }

    #[test]
    fn empty_variables_count_as_unset() {
        let dirs = resolve(&[(CONFIG_DIR_ENV, ""), (CACHE_DIR_ENV, "")]);
        assert_ne!(
            dirs.config_dir(),
            Path::new(""),
            "an empty override must not be used"
        );
        assert!(
            dirs.config_dir().ends_with(APPLICATION) || dirs.config_dir().ends_with("config"),
            "falls back to the OS folder for billing-desk: {}",
            dirs.config_dir().display()
        );
    }
}
