//! `bdesk connection add|list|remove|use`: the connections in the settings file.

use std::io::IsTerminal;

use billing_core::dates::AgingScale;
use billing_core::settings::Connection;
use billing_core::token_store::TokenStore;
use chrono::{DateTime, Utc};

use super::write_stdout;
use crate::cli::ConnectionCommand;
use crate::exit::{CliError, Exit};
use crate::source::load_settings;
use crate::table::Table;

/// Runs a `connection` subcommand.
///
/// # Errors
/// Exit 2 for a bad name or URL or an unknown connection, 7 for the settings file.
pub fn run(command: ConnectionCommand, now: DateTime<Utc>) -> Result<Exit, CliError> {
    let (store, settings) = load_settings(now)?;
    match command {
        ConnectionCommand::Add {
            name,
            base_url,
            allow_plain_http,
            keep_snapshots,
            aging_buckets,
        } => {
            let mut connection = Connection::new(&name, &base_url)?;
            connection.allow_plain_http = allow_plain_http;
            connection.snapshots_kept = keep_snapshots;
            if let Some(text) = aging_buckets {
                let scale = AgingScale::parse(&text)
                    .map_err(|reason| CliError::usage(format!("--aging-buckets: {reason}.")))?;
                connection.aging_buckets = Some(scale.bounds().to_vec());
            }
            let url = connection.base_url.clone();
            let (_, saved) = store.update(|s| s.add_connection(connection))?;
            let active = saved.active_connection.as_deref() == Some(name.as_str());
            eprintln!(
                "bdesk: added connection \"{name}\" ({url}){}. Store its token with \
                 `bdesk token set --connection {name}`.",
                if active { ", now the active one" } else { "" }
            );
        }
        ConnectionCommand::List => {
            let mut table = Table::new(&[("ACTIVE", false), ("NAME", false), ("BASE URL", false)]);
            for connection in &settings.connections {
                let active = settings.active_connection.as_deref() == Some(&connection.name);
                table.push(vec![
                    if active { "*" } else { "" }.to_owned(),
                    connection.name.clone(),
                    connection.base_url.clone(),
                ]);
            }
            if table.is_empty() && std::io::stdout().is_terminal() {
                eprintln!(
                    "bdesk: no connections yet. Add one with `bdesk connection add NAME --base-url URL`."
                );
                return Ok(Exit::Ok);
            }
            let aligned = std::io::stdout().is_terminal();
            write_stdout(|out| table.write(out, aligned))?;
        }
        ConnectionCommand::Remove { name } => {
            store.update(|s| s.remove_connection(&name))?;
            // The token is useless without its connection; failing to reach the keyring
            // does not undo the removal.
            match TokenStore::os().delete(&name) {
                Ok(true) => eprintln!("bdesk: removed connection \"{name}\" and its token."),
                Ok(false) => eprintln!("bdesk: removed connection \"{name}\"."),
                Err(error) => eprintln!(
                    "bdesk: removed connection \"{name}\", but its token could not be removed \
                     from the OS keyring: {error}"
                ),
            }
        }
        ConnectionCommand::Use { name } => {
            store.update(|s| s.set_active(Some(&name)))?;
            eprintln!("bdesk: \"{name}\" is now the active connection.");
        }
    }
    Ok(Exit::Ok)
}
