//! `bdesk token set|status|clear`: a connection's API token in the OS keyring.
//!
//! The token is never a command-line argument (every user can read those with `ps`): `set`
//! asks for it without echo on a terminal and reads standard input otherwise. Nothing here
//! prints it.

use std::io::IsTerminal;

use billing_core::secret::ApiToken;
use billing_core::settings::Settings;
use billing_core::token_source::{RunSources, TOKEN_ENV, TokenSource, read_token};
use billing_core::token_store::TokenStore;
use chrono::{DateTime, Utc};

use crate::cli::{TokenCommand, TokenTarget};
use crate::exit::{CliError, Exit};
use crate::source::load_settings;

/// Runs a `token` subcommand.
///
/// # Errors
/// Exit 2 for an unknown connection or an empty token, 7 for the settings file or keyring.
pub async fn run(command: TokenCommand, now: DateTime<Utc>) -> Result<Exit, CliError> {
    let (_, settings) = load_settings(now)?;
    let store = TokenStore::os();
    match command {
        TokenCommand::Set(target) => {
            let name = connection_name(&settings, &target)?;
            let origin = connection_origin(&settings, &name)?;
            let token = ask_token(&name)?;
            store.set_async(&name, &origin, &token).await?;
            eprintln!("bdesk: token stored in the OS keyring for connection \"{name}\".");
            Ok(Exit::Ok)
        }
        TokenCommand::Status(target) => {
            let name = connection_name(&settings, &target)?;
            let sources = RunSources::from_env(None)?;
            if let Some(resolved) = sources.explicit()
                && resolved.source == TokenSource::Env
            {
                println!(
                    "connection \"{name}\": a token is set in {TOKEN_ENV}, which is used instead \
                     of the OS keyring"
                );
            }
            if store.has_async(&name).await? {
                println!("connection \"{name}\": a token is stored in the OS keyring");
                Ok(Exit::Ok)
            } else if sources.explicit().is_some() {
                println!("connection \"{name}\": no token in the OS keyring");
                Ok(Exit::Ok)
            } else {
                Err(CliError::new(
                    Exit::Config,
                    format!(
                        "No API token for connection \"{name}\". Store it with `bdesk token set \
                         --connection {name}`, or set {TOKEN_ENV}."
                    ),
                ))
            }
        }
        TokenCommand::Clear(target) => {
            let name = connection_name(&settings, &target)?;
            if store.delete_async(&name).await? {
                eprintln!("bdesk: token removed from the OS keyring for connection \"{name}\".");
            } else {
                eprintln!("bdesk: no token was stored for connection \"{name}\".");
            }
            Ok(Exit::Ok)
        }
    }
}

/// `--connection`, which must exist, else the active connection.
fn connection_name(settings: &Settings, target: &TokenTarget) -> Result<String, CliError> {
    match &target.connection {
        Some(name) => settings
            .connection(name)
            .map(|c| c.name.clone())
            .ok_or_else(|| {
                CliError::usage(format!(
                    "There is no connection named \"{name}\". See `bdesk connection list`, or add \
                     it with `bdesk connection add {name} --base-url URL`."
                ))
            }),
        None => settings.active().map(|c| c.name.clone()).ok_or_else(|| {
            CliError::new(
                Exit::Config,
                "No connection is selected. Name one with --connection NAME, or add one with \
                 `bdesk connection add NAME --base-url URL`.",
            )
        }),
    }
}

/// `scheme://host[:port]` of the connection's base URL: what its token is stored for.
fn connection_origin(settings: &Settings, name: &str) -> Result<String, CliError> {
    let base_url = settings
        .connection(name)
        .map(|c| c.base_url.as_str())
        .unwrap_or_default();
    billing_core::link::validate_base_url(base_url)
        .map(|url| billing_core::link::origin_text(&url))
        .map_err(|e| {
            CliError::new(
                Exit::Config,
                format!("The address of connection \"{name}\" cannot be used: {e}"),
            )
        })
}

/// Asks for the token without echo on a terminal; reads all of standard input otherwise.
fn ask_token(connection: &str) -> Result<ApiToken, CliError> {
    if std::io::stdin().is_terminal() {
        let typed = rpassword::prompt_password(format!(
            "API token for connection \"{connection}\" (not shown): "
        ))
        .map_err(|e| CliError::usage(format!("Could not read the token: {e}.")))?;
        return ApiToken::new(typed)
            .ok_or_else(|| CliError::usage("No token was entered; nothing was stored."));
    }
    Ok(read_token(std::io::stdin().lock())?)
}
