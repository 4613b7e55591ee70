//! Connections, tokens, saved organizations and display preferences: each edit is made to the
//! settings as they are on disk, under the settings lock, saved, and only then becomes the
//! desk's settings.

use std::sync::Arc;

use super::app::{Desk, connection_config};
use super::cache::FetchCache;
use super::error::DeskError;
use super::orgs_text::parse_pasted_orgs;
use super::outcomes::{
    ConnectionInfo, ConnectionTest, ConnectionUpdated, OrgsAdded, TokenState, TokenStatus,
};
use super::session::SourceKind;
use crate::client::{BillingClient, ClientConfig};
use crate::ids::OrgId;
use crate::secret::ApiToken;
use crate::settings::{Connection, ConnectionEdit, SavedOrg, Settings, SettingsError, UiPrefs};

/// Wraps a token typed in the UI; blank is refused.
///
/// # Errors
/// [`DeskError::EmptyToken`].
pub fn token_from_input(raw: String) -> Result<ApiToken, DeskError> {
    ApiToken::new(raw).ok_or(DeskError::EmptyToken)
}

impl Desk {
    /// The origin (`scheme://host[:port]`) of `base_url`, and whether a saved connection
    /// already uses it. A token typed for an origin that is not saved is confirmed by the user
    /// (outside the web view) before it is sent.
    ///
    /// # Errors
    /// [`DeskError::Api`] for a base URL the client refuses.
    pub fn origin_saved(&self, base_url: &str) -> Result<(String, bool), DeskError> {
        let origin = ClientConfig::from_base_url(base_url)?.base_url;
        let saved = self.settings().connections.iter().any(|c| {
            ClientConfig::from_base_url(&c.base_url)
                .is_ok_and(|config| crate::link::same_origin(&config.base_url, &origin))
        });
        Ok((crate::link::origin_text(&origin), saved))
    }

    /// Fetches `org` once through `base_url` with `token`; stores nothing. A plain `http`
    /// address needs `allow_plain_http`, as when the connection is saved.
    ///
    /// # Errors
    /// [`DeskError::InvalidOrgId`], [`DeskError::Settings`] for plain `http` not allowed, or
    /// the fetch's [`DeskError::Api`].
    pub async fn connection_test(
        &self,
        base_url: &str,
        allow_plain_http: bool,
        token: ApiToken,
        org: &str,
    ) -> Result<ConnectionTest, DeskError> {
        let org = OrgId::parse(org.trim())?;
        crate::settings::check_plain_http(base_url, allow_plain_http)?;
        let client = BillingClient::new(ClientConfig::from_base_url(base_url)?, token)?;
        self.test_with(&client, org).await
    }

    /// Tests the saved connection `name` with its stored token on its first saved
    /// organization; stores nothing.
    ///
    /// # Errors
    /// [`DeskError::NoToken`], [`DeskError::NothingToTest`], [`DeskError::Keyring`], or the
    /// fetch's [`DeskError::Api`].
    pub async fn connection_check(&self, name: &str) -> Result<ConnectionTest, DeskError> {
        let connection = self.known_connection(name)?;
        let org = connection
            .organizations
            .iter()
            .find_map(|o| OrgId::parse(&o.org_id).ok())
            .ok_or_else(|| DeskError::NothingToTest {
                connection: name.to_owned(),
            })?;
        let config = connection_config(&connection)?;
        let token = self
            .tokens()
            .get_async(name, &crate::link::origin_text(&config.base_url))
            .await?
            .ok_or_else(|| DeskError::NoToken {
                connection: name.to_owned(),
            })?;
        self.test_with(&BillingClient::new(config, token)?, org)
            .await
    }

    /// One test at a time, so a page cannot make Rust send many credentialed requests at once.
    async fn test_with(
        &self,
        client: &BillingClient,
        org: OrgId,
    ) -> Result<ConnectionTest, DeskError> {
        let Ok(_one) = self.connection_test_slot().try_acquire() else {
            return Err(DeskError::TestRunning);
        };
        // The test's request counts against the active session's limit like its fetches.
        let details = self.session().send(client.billing_details(&org)).await?;
        Ok(ConnectionTest {
            org_id: org,
            invoices: details.invoices.len(),
            payment_methods: details.payment_methods.len(),
        })
    }

    /// Saves a connection with its organizations, stores its token in the keyring, and makes
    /// it the active source (leaving the demo).
    ///
    /// # Errors
    /// [`DeskError::InvalidOrgId`] or a settings rule before anything is stored;
    /// [`DeskError::Keyring`] (the settings are then unchanged); [`DeskError::Settings`].
    pub async fn connection_add(
        &self,
        name: &str,
        base_url: &str,
        allow_plain_http: bool,
        token: ApiToken,
        org_ids: &[String],
    ) -> Result<Settings, DeskError> {
        let mut connection = Connection::new(name, base_url)?;
        connection.allow_plain_http = allow_plain_http;
        for id in org_ids
            .iter()
            .map(|id| id.trim())
            .filter(|id| !id.is_empty())
        {
            let org = OrgId::parse(id)?;
            if connection.org(org.as_str()).is_none() {
                connection.organizations.push(SavedOrg {
                    org_id: org.to_string(),
                    label: None,
                });
            }
        }
        // Checked before the keyring is touched, so a refused name stores no token.
        let mut check = self.settings();
        check.add_connection(connection.clone())?;
        let (origin, _) = self.origin_saved(base_url)?;
        self.tokens().set_async(name, &origin, &token).await?;
        let (_, settings) = self.edit(|s| {
            s.add_connection(connection)?;
            s.set_active(Some(name))?;
            Ok(())
        })?;
        self.activate(Some(name)).await?;
        Ok(settings)
    }

    /// Makes `name` the active connection, or the demo with `None`.
    ///
    /// # Errors
    /// [`DeskError::Settings`] for an unknown connection or a failed save.
    pub async fn connection_use(&self, name: Option<&str>) -> Result<Settings, DeskError> {
        let (_, settings) = self.edit(|s| Ok(s.set_active(name)?))?;
        self.activate(name).await?;
        Ok(settings)
    }

    /// Removes a connection and its keyring entry; the demo is shown if it was active.
    ///
    /// # Errors
    /// [`DeskError::Settings`], [`DeskError::Keyring`] (the connection is removed already).
    pub async fn connection_remove(&self, name: &str) -> Result<Settings, DeskError> {
        let removed = self.known_connection(name)?;
        let (_, settings) = self.edit(|s| Ok(s.remove_connection(name)?))?;
        if self.session().kind() == &SourceKind::Connection(name.to_owned()) {
            self.activate(None).await?;
        }
        self.forget_cache(&removed);
        self.tokens().delete_async(name).await?;
        Ok(settings)
    }

    /// Applies a connection's Edit form: base URL, timeout, concurrency, the plain-http opt-in,
    /// the archive folder and the aging buckets (validated as every settings edit). When the base URL moves to another origin, the token is deleted from the
    /// keyring, so it is never sent to the new origin unasked, and the old origin's cached
    /// answers are deleted. The active connection reopens with the new values.
    ///
    /// # Errors
    /// [`DeskError::Settings`] (nothing changed), [`DeskError::Keyring`] when the old token
    /// cannot be deleted (the settings are then unchanged).
    pub async fn connection_update(
        &self,
        name: &str,
        edit: &ConnectionEdit,
    ) -> Result<ConnectionUpdated, DeskError> {
        let before = self.known_connection(name)?;
        let mut check = self.settings();
        let moved = check.update_connection(name, edit)?;
        if moved {
            // Deleted first: a failure leaves the old URL with its own token.
            self.tokens().delete_async(name).await?;
        }
        let (_, settings) = self.edit(|s| {
            s.update_connection(name, edit)?;
            Ok(())
        })?;
        if moved {
            self.forget_cache(&before);
        }
        if self.session().kind() == &SourceKind::Connection(name.to_owned()) {
            self.activate(Some(name)).await?;
        }
        Ok(ConnectionUpdated {
            settings,
            token_cleared: moved,
        })
    }

    /// Every saved connection with whether its token is stored and when it last fetched.
    pub async fn connections_overview(&self) -> Vec<ConnectionInfo> {
        let settings = self.settings();
        let active = match self.session().kind() {
            SourceKind::Connection(name) => Some(name.clone()),
            SourceKind::Demo => None,
        };
        let mut list = Vec::with_capacity(settings.connections.len());
        for connection in settings.connections {
            let token = match self.tokens().has_async(&connection.name).await {
                Ok(true) => TokenState::Stored,
                Ok(false) => TokenState::Missing,
                Err(error) => {
                    tracing::warn!(code = error.code(), "the keyring could not be asked");
                    TokenState::Unknown
                }
            };
            let last_fetched_at = self
                .connection_cache(&connection)
                .and_then(|(cache, orgs)| orgs.iter().filter_map(|o| cache.fetched_at(o)).max())
                .map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
            let plain_http = crate::link::validate_base_url(&connection.base_url)
                .is_ok_and(|url| url.scheme() == "http");
            let archive_dir = self.archive_dir_of(&connection).display().to_string();
            let default_archive_dir = self
                .default_archive_dir(&connection.name)
                .display()
                .to_string();
            list.push(ConnectionInfo {
                archive_dir,
                default_archive_dir,
                active: active.as_deref() == Some(connection.name.as_str()),
                plain_http,
                allow_plain_http: connection.allow_plain_http,
                organizations: connection.organizations.len(),
                name: connection.name,
                base_url: connection.base_url,
                timeout_secs: connection.timeout_secs,
                concurrency: connection.concurrency,
                token,
                last_fetched_at,
            });
        }
        list
    }

    /// Drops the loaded data of `connection` when it is on screen, so the next fetch asks
    /// again with the new token instead of keeping what the old one returned.
    fn forget_loaded(&self, connection: &str) {
        let session = self.session();
        if session.kind() == &SourceKind::Connection(connection.to_owned()) {
            let orgs = self.org_ids_of(&session);
            session.with_table(|table| orgs.iter().for_each(|org| table.remove(org)));
        }
    }

    /// The cache of `connection` with its saved organizations' IDs.
    fn connection_cache(&self, connection: &Connection) -> Option<(FetchCache, Vec<OrgId>)> {
        let base_url = ClientConfig::from_base_url(&connection.base_url)
            .ok()?
            .base_url;
        let orgs = connection
            .organizations
            .iter()
            .filter_map(|o| OrgId::parse(&o.org_id).ok())
            .collect();
        Some((self.cache_of(&connection.name, &base_url), orgs))
    }

    /// Deletes the cached answers of `connection`'s organizations (it was removed, pointed
    /// elsewhere, or its token replaced): data fetched with a token the user took back does
    /// not stay on disk.
    fn forget_cache(&self, connection: &Connection) {
        if let Some((cache, orgs)) = self.connection_cache(connection) {
            for org in &orgs {
                cache.remove(org);
            }
        }
    }

    /// Stores `token` for `connection`; the active session uses it at once. Replacing a
    /// stored token deletes the connection's cached and loaded answers.
    ///
    /// # Errors
    /// [`DeskError::Settings`] for an unknown connection, [`DeskError::Keyring`].
    pub async fn token_set(
        &self,
        connection: &str,
        token: ApiToken,
    ) -> Result<TokenStatus, DeskError> {
        let saved = self.known_connection(connection)?;
        let replaced = self.tokens().has_async(connection).await.unwrap_or(true);
        let (origin, _) = self.origin_saved(&saved.base_url)?;
        self.tokens().set_async(connection, &origin, &token).await?;
        if replaced {
            self.forget_cache(&saved);
            self.forget_loaded(connection);
        }
        self.refresh_client(connection, Some(token))?;
        self.token_status(connection).await
    }

    /// Deletes `connection`'s token.
    ///
    /// # Errors
    /// As [`Desk::token_set`].
    pub async fn token_clear(&self, connection: &str) -> Result<TokenStatus, DeskError> {
        self.known_connection(connection)?;
        self.tokens().delete_async(connection).await?;
        self.refresh_client(connection, None)?;
        self.token_status(connection).await
    }

    /// Whether `connection` has a token (never the token).
    ///
    /// # Errors
    /// [`DeskError::Keyring`].
    pub async fn token_status(&self, connection: &str) -> Result<TokenStatus, DeskError> {
        Ok(TokenStatus {
            connection: connection.to_owned(),
            stored: self.tokens().has_async(connection).await?,
        })
    }

    fn known_connection(&self, name: &str) -> Result<Connection, DeskError> {
        self.settings().connection(name).cloned().ok_or_else(|| {
            DeskError::Settings(SettingsError::UnknownConnection {
                name: name.to_owned(),
            })
        })
    }

    pub(super) fn refresh_client(
        &self,
        connection: &str,
        token: Option<ApiToken>,
    ) -> Result<(), DeskError> {
        let session = self.session();
        if session.kind() != &SourceKind::Connection(connection.to_owned()) {
            return Ok(());
        }
        let config = connection_config(&self.known_connection(connection)?)?;
        let client = token.map(|t| BillingClient::new(config, t)).transpose()?;
        session.set_client(client);
        Ok(())
    }

    /// Saves the organization IDs pasted in `text` under the active connection (in demo mode,
    /// for this session only) with `label`.
    ///
    /// # Errors
    /// [`DeskError::Settings`] when the settings cannot be saved or the label is refused.
    pub fn orgs_add(&self, text: &str, label: Option<&str>) -> Result<OrgsAdded, DeskError> {
        let pasted = parse_pasted_orgs(text);
        let label = label
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned);
        let mut outcome = OrgsAdded {
            invalid: pasted.invalid,
            already_saved: pasted.repeated,
            ..OrgsAdded::default()
        };
        let saved = |org: &OrgId, list: &[SavedOrg]| list.iter().any(|o| o.org_id == org.as_str());
        match self.session().kind().clone() {
            SourceKind::Demo => {
                self.demo().edit_orgs(|demo| {
                    for org in pasted.valid {
                        if saved(&org, demo) {
                            outcome.already_saved.push(org.to_string());
                        } else {
                            demo.push(SavedOrg {
                                org_id: org.to_string(),
                                label: label.clone(),
                            });
                            outcome.added.push(org.to_string());
                        }
                    }
                });
            }
            SourceKind::Connection(name) => {
                let ((added, already), _) = self.edit(|s| {
                    let (mut added, mut already) = (Vec::new(), Vec::new());
                    let existing = s.connection(&name).map(|c| c.organizations.clone());
                    let existing = existing.unwrap_or_default();
                    for org in pasted.valid {
                        if saved(&org, &existing) {
                            already.push(org.to_string());
                            continue;
                        }
                        s.add_org(
                            &name,
                            SavedOrg {
                                org_id: org.to_string(),
                                label: label.clone(),
                            },
                        )?;
                        added.push(org.to_string());
                    }
                    Ok((added, already))
                })?;
                outcome.added = added;
                outcome.already_saved.extend(already);
            }
        }
        Ok(outcome)
    }

    /// Removes an organization from the list and forgets its data and cached response.
    ///
    /// # Errors
    /// [`DeskError::Settings`] for an organization not in the list or a failed save.
    pub fn org_remove(&self, org_id: &str) -> Result<Settings, DeskError> {
        let session = self.session();
        let org = OrgId::parse(org_id)?;
        let settings = match session.kind() {
            SourceKind::Demo => {
                self.demo()
                    .edit_orgs(|demo| demo.retain(|o| o.org_id != org_id));
                self.settings()
            }
            SourceKind::Connection(name) => {
                let (_, settings) = self.edit(|s| Ok(s.remove_org(name, org_id).map(|_| ())?))?;
                if let Some(cache) = session.cache() {
                    cache.remove(&org);
                }
                settings
            }
        };
        session.with_table(|t| t.remove(&org));
        Ok(settings)
    }

    /// Sets or clears (`None`, or blank) the label of a saved organization.
    ///
    /// # Errors
    /// [`DeskError::Settings`] for an unknown organization, a refused label or a failed save.
    pub fn org_label(&self, org_id: &str, label: Option<&str>) -> Result<Settings, DeskError> {
        let label = label
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned);
        let session = Arc::clone(&self.session());
        match session.kind() {
            SourceKind::Demo => {
                self.demo().edit_orgs(|demo| {
                    let org = demo
                        .iter_mut()
                        .find(|o| o.org_id == org_id)
                        .ok_or_else(|| {
                            DeskError::Settings(SettingsError::UnknownOrg {
                                connection: "demo".to_owned(),
                                org_id: org_id.to_owned(),
                            })
                        })?;
                    org.label = label;
                    Ok::<(), DeskError>(())
                })?;
                Ok(self.settings())
            }
            SourceKind::Connection(name) => {
                let (_, settings) = self.edit(|s| {
                    let unknown = || SettingsError::UnknownOrg {
                        connection: name.clone(),
                        org_id: org_id.to_owned(),
                    };
                    let connection = s
                        .connections
                        .iter_mut()
                        .find(|c| &c.name == name)
                        .ok_or_else(unknown)?;
                    let org = connection
                        .organizations
                        .iter_mut()
                        .find(|o| o.org_id == org_id)
                        .ok_or_else(unknown)?;
                    org.label = label;
                    // The label rules are checked by the save's validation.
                    Ok(())
                })?;
                Ok(settings)
            }
        }
    }

    /// Saves the display preferences.
    ///
    /// # Errors
    /// [`DeskError::Settings`].
    pub fn prefs_set(&self, ui: UiPrefs) -> Result<Settings, DeskError> {
        Ok(self
            .edit(|s| {
                s.ui = ui;
                Ok(())
            })?
            .1)
    }
}
