//! Where a data command reads from: `--demo` (a stub inside this process), `--base-url` /
//! `BDESK_BASE_URL`, `--connection NAME`, or the active connection; and which token it uses.

use std::io::IsTerminal;
use std::time::Duration;

use billing_core::client::{BillingClient, ClientConfig, response_limit_bytes};
use billing_core::dates::AgingScale;
use billing_core::history::History;
use billing_core::ids::OrgId;
use billing_core::model::ItemBudget;
use billing_core::secret::ApiToken;
use billing_core::settings::{Connection, Settings, SettingsStore};
use billing_core::token_source::{RunSources, read_token};
use billing_core::token_store::TokenStore;
use billing_stub::{StubConfig, StubHandle};
use chrono::{DateTime, Utc};
use url::Url;

use crate::cli::SourceArgs;
use crate::exit::{CliError, Exit};

/// The token the in-process demo stub requires. Not a secret: the stub serves made-up data.
const DEMO_TOKEN: &str = "bdesk-demo";

/// A ready client and what it is connected to. Holds the demo stub, if any, alive.
#[derive(Debug)]
pub struct Source {
    /// The API client (holds the token; never printed).
    pub client: BillingClient,
    /// The base URL in use.
    pub base_url: Url,
    /// What to call this source in messages: `demo`, `connection "X"`, or the URL's origin.
    pub label: String,
    /// The connection's own concurrency setting, if it has one.
    pub concurrency: Option<u32>,
    /// The organizations saved for this source: its connection's, or the demo's; `None` for
    /// a base URL with no connection.
    pub saved_orgs: Option<Vec<OrgId>>,
    /// The connection's name, if the data comes through one.
    pub connection: Option<String>,
    /// Export snapshots its history keeps (the connection's setting, or the default).
    pub snapshots_kept: usize,
    /// The aging buckets (the connection's setting, or the default).
    pub aging: AgingScale,
    demo: Option<StubHandle>,
}

impl Source {
    /// Whether the data is the built-in demo data.
    pub fn is_demo(&self) -> bool {
        self.demo.is_some()
    }

    /// The export history of this source (shared with the app for a connection).
    ///
    /// # Errors
    /// Exit 7 when no data folder can be found.
    pub fn history(&self) -> Result<History, CliError> {
        let key = match (&self.connection, self.is_demo()) {
            (Some(name), _) => name.clone(),
            (None, true) => "demo".to_owned(),
            (None, false) => billing_core::link::origin_text(&self.base_url),
        };
        Ok(history_of_key(&key)?.keeping(self.snapshots_kept))
    }
}

/// The export history `args` point to, without fetching anything: the demo's, the given or
/// active connection's, or a one-off address's.
///
/// # Errors
/// As [`open`] for an unknown or missing connection or a bad address; exit 7 without a data
/// folder.
pub fn history_of(args: &SourceArgs, now: DateTime<Utc>) -> Result<History, CliError> {
    if args.demo {
        return history_of_key("demo");
    }
    if let (None, Some(url)) = (&args.connection, &args.base_url) {
        let url = billing_core::link::validate_base_url(url).map_err(|e| {
            CliError::usage(format!(
                "The API address \"{}\" cannot be used: {e}",
                url.trim()
            ))
        })?;
        return history_of_key(&billing_core::link::origin_text(&url));
    }
    let (_, settings) = load_settings(now)?;
    let name = match &args.connection {
        Some(name) => settings.connection(name).map(|c| c.name.clone()),
        None => settings.active().map(|c| c.name.clone()),
    };
    let name = name.ok_or_else(|| {
        CliError::new(
            Exit::Config,
            "No such connection. See `bdesk connection list`, or pass --demo.",
        )
    })?;
    history_of_key(&name)
}

fn history_of_key(key: &str) -> Result<History, CliError> {
    let dirs = billing_core::settings::AppDirs::from_env()?;
    Ok(History::of(dirs.data_dir(), key))
}

/// Reads the settings; a damaged file is an error here (exit 7) rather than a silent reset,
/// because a scheduled job must not run against defaults.
///
/// # Errors
/// Exit 7 for a missing config folder, an unreadable, damaged or newer settings file.
pub fn load_settings(now: DateTime<Utc>) -> Result<(SettingsStore, Settings), CliError> {
    let store = SettingsStore::from_env()?;
    let loaded = store.load(now)?;
    if let Some(recovered) = loaded.recovered {
        return Err(CliError::new(
            Exit::Config,
            format!(
                "The settings file {} could not be read ({}); a copy was saved as {}. Fix or \
                 delete the file, then try again.",
                store.path().display(),
                recovered.reason,
                recovered.backup_path.display()
            ),
        ));
    }
    Ok((store, loaded.settings))
}

/// Opens the source the options describe.
///
/// # Errors
/// Usage errors for a bad URL or unknown connection, exit 7 for settings, keyring or a
/// missing token.
pub async fn open(args: &SourceArgs, now: DateTime<Utc>) -> Result<Source, CliError> {
    if args.demo {
        return open_demo().await;
    }
    // Read standard input first, once, before anything else might.
    let stdin_token = if args.token_stdin {
        if std::io::stdin().is_terminal() {
            return Err(CliError::usage(
                "--token-stdin reads the token from standard input, but it is a terminal. Pipe \
                 the token in (e.g. `bdesk ... --token-stdin < token.txt`), or use `bdesk token set`.",
            ));
        }
        Some(read_token(std::io::stdin().lock())?)
    } else {
        None
    };
    let sources = RunSources::from_env(stdin_token)?;

    // The settings are read only when they are needed: with --base-url and a per-run token,
    // a script works without any configuration.
    let connection: Option<Connection> = match (&args.connection, &args.base_url) {
        (None, Some(_)) => None,
        (Some(name), _) => {
            let (_, settings) = load_settings(now)?;
            Some(settings.connection(name).cloned().ok_or_else(|| {
                CliError::usage(format!(
                    "There is no connection named \"{name}\". See `bdesk connection list`, or \
                     add it with `bdesk connection add {name} --base-url URL`."
                ))
            })?)
        }
        (None, None) => {
            let (_, settings) = load_settings(now)?;
            Some(settings.active().cloned().ok_or_else(|| {
                CliError::new(
                    Exit::Config,
                    "No connection is selected. Add one with `bdesk connection add NAME \
                     --base-url URL`, pass --base-url URL, or try --demo.",
                )
            })?)
        }
    };

    let base_text = match (&args.base_url, &connection) {
        (Some(url), _) => url.clone(),
        (None, Some(connection)) => connection.base_url.clone(),
        (None, None) => return Err(CliError::usage("No API address: pass --base-url URL.")),
    };
    let mut config = ClientConfig::from_base_url(&base_text).map_err(|e| {
        CliError::usage(format!(
            "The API address \"{}\" cannot be used: {e}",
            base_text.trim()
        ))
    })?;
    if let Some(secs) = connection.as_ref().and_then(|c| c.timeout_secs) {
        config.request_timeout = Duration::from_secs(u64::from(secs));
    }
    let max_response = args.max_response_mb.map(response_limit_bytes);
    if let Some(bytes) = max_response.or_else(|| connection.as_ref()?.max_response_bytes()) {
        config.max_body_bytes = bytes;
    }
    if let Some(connection) = &connection
        && sources.explicit().is_none()
    {
        refuse_other_origin(connection, &config.base_url)?;
    }
    // A saved connection's address, or its keyring token, goes over plain http only when the
    // user allowed it for that connection; a one-off --base-url with its own token does not
    // need it.
    if let Some(connection) = &connection
        && (args.base_url.is_none() || sources.explicit().is_none())
    {
        billing_core::settings::check_plain_http(
            config.base_url.as_str(),
            connection.allow_plain_http,
        )?;
    }
    let name = connection.as_ref().map(|c| c.name.as_str());
    let origin = billing_core::link::origin_text(&config.base_url);
    let resolved = sources
        .resolve_async(name, &origin, &TokenStore::os())
        .await?;
    tracing::debug!(source = ?resolved.source, "API token resolved");
    let base_url = config.base_url.clone();
    // One run keeps everything it fetches until it writes its output: one budget bounds it.
    let client = BillingClient::new(config, resolved.token)
        .map_err(|e| CliError::new(Exit::for_api(&e), e.to_string()))?
        .with_item_budget(ItemBudget::default());
    let label = match name {
        Some(name) => format!("connection \"{name}\""),
        None => billing_core::link::origin_text(&base_url),
    };
    Ok(Source {
        client,
        base_url,
        label,
        concurrency: connection.as_ref().and_then(|c| c.concurrency),
        saved_orgs: connection.as_ref().map(saved_orgs),
        connection: name.map(str::to_owned),
        snapshots_kept: connection.as_ref().map_or(
            billing_core::history::DEFAULT_SNAPSHOTS_KEPT,
            Connection::snapshots_kept,
        ),
        aging: connection
            .as_ref()
            .map(Connection::aging_scale)
            .unwrap_or_default(),
        demo: None,
    })
}

/// The connection's saved organizations that are valid IDs (the settings file accepts no
/// other, so one that is not was edited by hand: it is skipped with a warning).
fn saved_orgs(connection: &Connection) -> Vec<OrgId> {
    connection
        .organizations
        .iter()
        .filter_map(|saved| match OrgId::parse(&saved.org_id) {
            Ok(org) => Some(org),
            Err(error) => {
                tracing::warn!(org = %saved.org_id, %error, "skipping a saved organization");
                None
            }
        })
        .collect()
}

/// A connection's stored token was given for the connection's own origin: a run whose base
/// URL (`--base-url`, `BDESK_BASE_URL`) points elsewhere must bring its own token, or the
/// keyring's token would go to a server it was never meant for.
fn refuse_other_origin(connection: &Connection, base_url: &Url) -> Result<(), CliError> {
    let own = billing_core::link::validate_base_url(&connection.base_url).ok();
    if own
        .as_ref()
        .is_some_and(|own| billing_core::link::same_origin(own, base_url))
    {
        return Ok(());
    }
    let own = own.map_or_else(
        || connection.base_url.clone(),
        |url| billing_core::link::origin_text(&url),
    );
    Err(CliError::usage(format!(
        "The token of connection \"{name}\" is kept for {own}; it is not sent to {other} \
         (from --base-url or BDESK_BASE_URL). Give the token for {other} with --token-stdin or \
         BDESK_TOKEN, or leave out the other address.",
        name = connection.name,
        other = billing_core::link::origin_text(base_url),
    )))
}

async fn open_demo() -> Result<Source, CliError> {
    let stub = billing_stub::spawn(StubConfig {
        token: Some(DEMO_TOKEN.to_owned()),
        ..StubConfig::default()
    })
    .await
    .map_err(|e| {
        CliError::new(
            Exit::Api,
            format!("Could not start the built-in demo service: {e}."),
        )
    })?;
    let config = ClientConfig::from_base_url(&stub.base_url())
        .map_err(|e| CliError::new(Exit::Api, e.to_string()))?;
    let base_url = config.base_url.clone();
    let token = ApiToken::new(DEMO_TOKEN)
        .ok_or_else(|| CliError::new(Exit::Api, "The demo token is empty."))?;
    let client =
        BillingClient::new(config, token).map_err(|e| CliError::new(Exit::Api, e.to_string()))?;
    eprintln!("bdesk: demo: made-up data from a stub inside bdesk, not a real billing service");
    let saved_orgs = billing_core::desk::DEMO_ORGS
        .iter()
        .filter_map(|(id, _)| OrgId::parse(id).ok())
        .collect();
    Ok(Source {
        client,
        base_url,
        label: "demo".to_owned(),
        concurrency: None,
        saved_orgs: Some(saved_orgs),
        connection: None,
        snapshots_kept: billing_core::history::DEFAULT_SNAPSHOTS_KEPT,
        aging: AgingScale::default(),
        demo: Some(stub),
    })
}
