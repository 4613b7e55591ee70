//! Reading and writing `settings.toml`.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::atomic;
use super::dirs::AppDirs;
use super::error::SettingsError;
use super::model::Settings;

/// The settings schema this build writes and the newest it reads.
pub const SCHEMA_VERSION: u32 = 1;
/// Name of the settings file inside the config folder.
pub const SETTINGS_FILE_NAME: &str = "settings.toml";
/// The largest settings file read (thousands of saved organizations fit many times over).
pub const SETTINGS_MAX_BYTES: u64 = 16 * 1024 * 1024;
/// The lock file edits hold (see [`SettingsStore::update`]).
pub const LOCK_FILE_NAME: &str = ".settings.lock";

/// Backups of damaged files are named `settings.toml.corrupt-<UTC timestamp>[-n]`.
const BACKUP_INFIX: &str = ".corrupt-";
/// Gives up looking for a free backup name after this many (same-second) collisions.
const MAX_BACKUP_ATTEMPTS: u32 = 100;

/// The settings file in one folder. Cheap to clone; holds no open file.
///
/// Two processes saving at once (the app and the CLI) cannot corrupt the file: each save
/// replaces it whole. Edits go through [`SettingsStore::update`], which re-reads the file
/// under a lock, so neither loses the other's change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsStore {
    dir: PathBuf,
}

/// What [`SettingsStore::load`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    /// The settings to run with: the file's, or defaults when it was missing or damaged.
    pub settings: Settings,
    /// Set when the file was damaged: the user must be told (see [`Recovered::message`]).
    pub recovered: Option<Recovered>,
}

/// A damaged settings file was copied aside and defaults are in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Recovered {
    /// Where the damaged file's exact bytes were saved.
    #[ts(type = "string")]
    pub backup_path: PathBuf,
    /// What is wrong with it, e.g. `line 3: invalid string`.
    pub reason: String,
}

impl Recovered {
    /// The sentence to show the user.
    pub fn message(&self) -> String {
        format!(
            "Your settings file could not be read ({}). A copy was saved as {}, and Billing Desk \
             started with default settings.",
            self.reason,
            self.backup_path.display()
        )
    }
}

/// The file as stored: the version first, then the settings.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileRef<'a> {
    schema_version: u32,
    #[serde(flatten)]
    settings: &'a Settings,
}

/// Why a file's content cannot be used.
enum Problem {
    Newer(u32),
    Damaged(String),
}

impl SettingsStore {
    /// The store in the config folder chosen by [`AppDirs::from_env`] (`BDESK_CONFIG_DIR`, else
    /// the OS config folder), after [`AppDirs::check_existing`].
    ///
    /// # Errors
    /// [`SettingsError::NoConfigDir`], or a folder check's error.
    pub fn from_env() -> Result<SettingsStore, SettingsError> {
        let dirs = AppDirs::from_env()?;
        dirs.check_existing()?;
        Ok(dirs.settings_store())
    }

    /// The store in `dir`. The folder is created by the first save.
    pub fn at(dir: impl Into<PathBuf>) -> SettingsStore {
        SettingsStore { dir: dir.into() }
    }

    /// The folder holding the file.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The settings file.
    pub fn path(&self) -> PathBuf {
        self.dir.join(SETTINGS_FILE_NAME)
    }

    /// Reads the settings.
    ///
    /// - No file: defaults.
    /// - A damaged file (not UTF-8, not TOML, wrong shape, or breaking a rule of
    ///   [`Settings::validate`]): its exact bytes are copied to
    ///   `settings.toml.corrupt-<now as YYYYMMDDTHHMMSSZ>` (reusing an identical earlier backup),
    ///   the original stays in place until the next save, and defaults come back with a
    ///   [`Recovered`] notice.
    ///
    /// `now` names the backup.
    ///
    /// # Errors
    /// - [`SettingsError::NewerVersion`]: `schemaVersion` above [`SCHEMA_VERSION`]; the file is
    ///   not touched.
    /// - [`SettingsError::Read`]: the file exists but cannot be read.
    /// - [`SettingsError::Backup`]: damaged and the backup could not be written.
    pub fn load(&self, now: DateTime<Utc>) -> Result<Loaded, SettingsError> {
        let path = self.path();
        let bytes = match crate::private_file::read_limited(&path, SETTINGS_MAX_BYTES) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                tracing::debug!(path = %path.display(), "no settings file yet; using defaults");
                return Ok(Loaded {
                    settings: Settings::default(),
                    recovered: None,
                });
            }
            Err(source) => return Err(SettingsError::Read { path, source }),
        };
        match decode(&bytes) {
            Ok(settings) => Ok(Loaded {
                settings,
                recovered: None,
            }),
            Err(Problem::Newer(found)) => Err(SettingsError::NewerVersion {
                path,
                found,
                supported: SCHEMA_VERSION,
            }),
            Err(Problem::Damaged(reason)) => {
                let backup_path = self.back_up(&bytes, now, &reason)?;
                tracing::warn!(
                    path = %path.display(),
                    backup = %backup_path.display(),
                    %reason,
                    "settings file damaged; copied aside, starting on defaults"
                );
                Ok(Loaded {
                    settings: Settings::default(),
                    recovered: Some(Recovered {
                        backup_path,
                        reason,
                    }),
                })
            }
        }
    }

    /// Applies `edit` to the settings as they are on disk now and saves the result, holding
    /// an exclusive lock on `.settings.lock` beside the file from the read to the rename. The
    /// app and `bdesk` both change settings this way, so a change one of them makes while the
    /// other runs is kept: the other's next edit starts from it instead of overwriting it.
    /// Returns `edit`'s value and the saved settings.
    ///
    /// # Errors
    /// [`SettingsError::Lock`]; [`SettingsError::DamagedOnDisk`] or
    /// [`SettingsError::NewerVersion`] when the file on disk cannot be used (it is left as
    /// it is); `edit`'s error (nothing saved); the errors of [`SettingsStore::save`].
    pub fn update<R, E: From<SettingsError>>(
        &self,
        edit: impl FnOnce(&mut Settings) -> Result<R, E>,
    ) -> Result<(R, Settings), E> {
        let _lock = self.lock()?;
        let path = self.path();
        let mut settings = match crate::private_file::read_limited(&path, SETTINGS_MAX_BYTES) {
            Ok(bytes) => match decode(&bytes) {
                Ok(settings) => settings,
                Err(Problem::Newer(found)) => {
                    return Err(SettingsError::NewerVersion {
                        path,
                        found,
                        supported: SCHEMA_VERSION,
                    }
                    .into());
                }
                Err(Problem::Damaged(reason)) => {
                    return Err(SettingsError::DamagedOnDisk { path, reason }.into());
                }
            },
            Err(e) if e.kind() == io::ErrorKind::NotFound => Settings::default(),
            Err(source) => return Err(SettingsError::Read { path, source }.into()),
        };
        let value = edit(&mut settings)?;
        self.save(&settings)?;
        Ok((value, settings))
    }

    /// The exclusive lock of the settings folder; released when the file handle drops.
    fn lock(&self) -> Result<fs::File, SettingsError> {
        let path = self.dir.join(LOCK_FILE_NAME);
        let locked = atomic::create_private_dir(&self.dir).and_then(|()| {
            let mut options = fs::OpenOptions::new();
            options.read(true).write(true).create(true).truncate(false);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let file = options.open(&path)?;
            file.lock()?;
            Ok(file)
        });
        locked.map_err(|source| SettingsError::Lock { path, source })
    }

    /// Writes the settings atomically, readable by the owner only (0600 on unix), creating the
    /// folder (0700) if needed.
    ///
    /// # Errors
    /// A validation error from [`Settings::validate`] (nothing is written), or
    /// [`SettingsError::Write`] (the previous file is unchanged).
    pub fn save(&self, settings: &Settings) -> Result<(), SettingsError> {
        self.save_with_pre_rename_hook(settings, &mut |_| Ok(()))
    }

    /// [`SettingsStore::save`], calling `hook` with the complete, synced temp file just before
    /// it replaces the settings file; an error from `hook` aborts the save as a crash would.
    /// For tests of crash safety only.
    #[doc(hidden)]
    pub fn save_with_pre_rename_hook(
        &self,
        settings: &Settings,
        hook: &mut dyn FnMut(&Path) -> io::Result<()>,
    ) -> Result<(), SettingsError> {
        settings.validate()?;
        let text = encode(settings)?;
        let path = self.path();
        atomic::replace(&path, text.as_bytes(), hook).map_err(|source| SettingsError::Write {
            path: path.clone(),
            source,
        })?;
        tracing::debug!(path = %path.display(), "settings saved");
        Ok(())
    }

    /// Copies a damaged file's bytes aside and returns where.
    fn back_up(
        &self,
        bytes: &[u8],
        now: DateTime<Utc>,
        reason: &str,
    ) -> Result<PathBuf, SettingsError> {
        let stem = format!(
            "{SETTINGS_FILE_NAME}{BACKUP_INFIX}{}",
            now.format("%Y%m%dT%H%M%SZ")
        );
        let fail = |backup: PathBuf, source: io::Error| SettingsError::Backup {
            path: self.path(),
            backup,
            reason: reason.to_owned(),
            source,
        };
        if let Some(existing) = self.identical_backup(bytes) {
            return Ok(existing);
        }
        for attempt in 1..=MAX_BACKUP_ATTEMPTS {
            let name = if attempt == 1 {
                stem.clone()
            } else {
                format!("{stem}-{attempt}")
            };
            let backup = self.dir.join(name);
            match atomic::create_new(&backup, bytes) {
                Ok(()) => return Ok(backup),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(source) => return Err(fail(backup, source)),
            }
        }
        Err(fail(
            self.dir.join(stem),
            io::Error::new(
                io::ErrorKind::AlreadyExists,
                "too many backups with this timestamp",
            ),
        ))
    }

    /// An earlier backup with exactly these bytes, so restarting with the same damaged file
    /// does not pile up copies.
    fn identical_backup(&self, bytes: &[u8]) -> Option<PathBuf> {
        let prefix = format!("{SETTINGS_FILE_NAME}{BACKUP_INFIX}");
        let mut candidates: Vec<PathBuf> = fs::read_dir(&self.dir)
            .ok()?
            .filter_map(Result::ok)
            .filter(|entry| entry.file_name().to_string_lossy().starts_with(&prefix))
            .filter(|entry| {
                entry
                    .metadata()
                    .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            })
            .map(|entry| entry.path())
            .collect();
        candidates.sort();
        candidates
            .into_iter()
            .find(|candidate| fs::read(candidate).is_ok_and(|content| content == bytes))
    }
}

/// The settings a file's `bytes` hold, as [`SettingsStore::load`] reads them; the error is
/// the reason shown to the user (a newer schema is an error here too).
///
/// # Errors
/// Why the bytes are not settings this build accepts.
pub fn parse_settings(bytes: &[u8]) -> Result<Settings, String> {
    decode(bytes).map_err(|problem| match problem {
        Problem::Newer(version) => format!("schema version {version} is newer than this build's"),
        Problem::Damaged(reason) => reason,
    })
}

/// The file content [`SettingsStore::save`] writes for `settings` (validated first).
///
/// # Errors
/// The validation error, or [`SettingsError::Encode`].
pub fn settings_file_text(settings: &Settings) -> Result<String, SettingsError> {
    settings.validate()?;
    encode(settings)
}

fn encode(settings: &Settings) -> Result<String, SettingsError> {
    let file = FileRef {
        schema_version: SCHEMA_VERSION,
        settings,
    };
    toml::to_string_pretty(&file).map_err(|e| SettingsError::Encode(e.to_string()))
}

fn decode(bytes: &[u8]) -> Result<Settings, Problem> {
    let text = std::str::from_utf8(bytes)
        .map_err(|_| Problem::Damaged("it is not UTF-8 text".to_owned()))?;
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        let line = e
            .span()
            // Bytes, not a `str` slice: a span need not start at a character boundary.
            .map(|span| {
                let before = bytes.get(..span.start).unwrap_or(bytes);
                before.iter().filter(|&&b| b == b'\n').count() + 1
            });
        Problem::Damaged(match line {
            Some(line) => format!("line {line}: {}", e.message().trim()),
            None => e.message().trim().to_owned(),
        })
    })?;
    let version = match table.get("schemaVersion") {
        Some(toml::Value::Integer(v)) => u32::try_from(*v).ok().filter(|v| *v >= 1),
        _ => None,
    }
    .ok_or_else(|| {
        Problem::Damaged("schemaVersion is missing or not a positive number".to_owned())
    })?;
    if version > SCHEMA_VERSION {
        return Err(Problem::Newer(version));
    }
    let settings: Settings = serde_path_to_error::deserialize(toml::Value::Table(table))
        .map_err(|e| Problem::Damaged(format!("{}: {}", e.path(), e.inner().message().trim())))?;
    settings
        .validate()
        .map_err(|e| Problem::Damaged(e.to_string().trim_end_matches('.').to_owned()))?;
    Ok(settings)
}
