//! Connections, tokens, saved organizations and display preferences: each edit is checked on
//! a copy of the settings, saved, and only then becomes the desk's settings.

use std::sync::Arc;

use super::app::{Desk, with_connection_timeout};
use super::error::DeskError;
use super::orgs_text::parse_pasted_orgs;
use super::outcomes::{ConnectionTest, OrgsAdded, TokenStatus};
use super::session::{SourceKind, lock};
use crate::client::{BillingClient, ClientConfig};
use crate::ids::OrgId;
use crate::secret::ApiToken;
use crate::settings::{Connection, SavedOrg, Settings, SettingsError, UiPrefs};

/// Wraps a token typed in the UI; blank is refused.
///
/// # Errors
/// [`DeskError::EmptyToken`].
pub fn token_from_input(raw: String) -> Result<ApiToken, DeskError> {
    ApiToken::new(raw).ok_or(DeskError::EmptyToken)
}

impl Desk {
    /// Applies `edit` to a copy of the settings, saves it, then keeps it.
    fn edit<R>(
        &self,
        edit: impl FnOnce(&mut Settings) -> Result<R, DeskError>,
    ) -> Result<(R, Settings), DeskError> {
        if self.settings_read_only {
            return Err(DeskError::Settings(SettingsError::Write {
                path: self.store.path(),
                source: std::io::Error::other(
                    "the file could not be read at start-up, so it is not overwritten",
                ),
            }));
        }
        let mut settings = lock(&self.settings);
        let mut copy = settings.clone();
        let value = edit(&mut copy)?;
        self.store.save(&copy)?;
        *settings = copy.clone();
        Ok((value, copy))
    }

    /// Fetches `org` once through `base_url` with `token`; stores nothing.
    ///
    /// # Errors
    /// [`DeskError::InvalidOrgId`], or the fetch's [`DeskError::Api`].
    pub async fn connection_test(
        &self,
        base_url: &str,
        token: ApiToken,
        org: &str,
    ) -> Result<ConnectionTest, DeskError> {
        let Ok(_one) = self.connection_test.try_acquire() else {
            return Err(DeskError::TestRunning);
        };
        let org = OrgId::parse(org.trim())?;
        let client = BillingClient::new(ClientConfig::from_base_url(base_url)?, token)?;
        let details = client.billing_details(&org).await?;
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
        token: ApiToken,
        org_ids: &[String],
    ) -> Result<Settings, DeskError> {
        let mut connection = Connection::new(name, base_url)?;
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
        self.tokens.set_async(name, &token).await?;
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
        let (_, settings) = self.edit(|s| Ok(s.remove_connection(name)?))?;
        if self.session().kind() == &SourceKind::Connection(name.to_owned()) {
            self.activate(None).await?;
        }
        self.tokens.delete_async(name).await?;
        Ok(settings)
    }

    /// Stores `token` for `connection`; the active session uses it at once.
    ///
    /// # Errors
    /// [`DeskError::Settings`] for an unknown connection, [`DeskError::Keyring`].
    pub async fn token_set(
        &self,
        connection: &str,
        token: ApiToken,
    ) -> Result<TokenStatus, DeskError> {
        self.known_connection(connection)?;
        self.tokens.set_async(connection, &token).await?;
        self.refresh_client(connection, Some(token))?;
        self.token_status(connection).await
    }

    /// Deletes `connection`'s token.
    ///
    /// # Errors
    /// As [`Desk::token_set`].
    pub async fn token_clear(&self, connection: &str) -> Result<TokenStatus, DeskError> {
        self.known_connection(connection)?;
        self.tokens.delete_async(connection).await?;
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
            stored: self.tokens.has_async(connection).await?,
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
        let config = with_connection_timeout(
            ClientConfig::new(session.base_url().clone()),
            &self.known_connection(connection)?,
        );
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
                let mut demo = lock(&self.demo_orgs);
                for org in pasted.valid {
                    if saved(&org, &demo) {
                        outcome.already_saved.push(org.to_string());
                    } else {
                        demo.push(SavedOrg {
                            org_id: org.to_string(),
                            label: label.clone(),
                        });
                        outcome.added.push(org.to_string());
                    }
                }
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
                lock(&self.demo_orgs).retain(|o| o.org_id != org_id);
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
                let mut demo = lock(&self.demo_orgs);
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
