//! Saved views on the command line: the one named by `--view NAME` (the connection's, or the
//! demo's with `--demo`), refined by the options given beside it.

use billing_core::ids::OrgId;
use billing_core::query::InvoiceQuery;
use billing_core::settings::Settings;
use chrono::{DateTime, Utc};

use crate::cli::SourceArgs;
use crate::exit::{CliError, Exit};
use crate::source::load_settings;

/// The connection of `settings` whose views `connection` / `demo` name: `None` for the
/// demo's, else the given or active connection's name.
///
/// # Errors
/// Exit 7 when there is no connection to name.
pub fn owner(
    settings: &Settings,
    connection: Option<&str>,
    demo: bool,
) -> Result<Option<String>, CliError> {
    if demo {
        return Ok(None);
    }
    let name = match connection {
        Some(name) => settings.connection(name).map(|c| c.name.clone()),
        None => settings.active().map(|c| c.name.clone()),
    };
    name.map(Some).ok_or_else(|| {
        CliError::new(
            Exit::Config,
            "Views belong to a connection, and there is none to use. See `bdesk connection \
             list`, or pass --demo for the demo's views.",
        )
    })
}

/// `query` and `orgs` (from the options) over the view `name` of the run's source: each
/// option given replaces the view's; the view's organizations apply when none is given.
/// Without a view, both come back as they are.
///
/// # Errors
/// Exit 2 for an unknown view or `--view` with a one-off `--base-url` (no connection); exit
/// 7 for the settings file or when there is no connection.
pub fn apply(
    name: Option<&str>,
    source: &SourceArgs,
    query: InvoiceQuery,
    orgs: Vec<OrgId>,
    now: DateTime<Utc>,
) -> Result<(InvoiceQuery, Vec<OrgId>), CliError> {
    let Some(name) = name else {
        return Ok((query, orgs));
    };
    if source.connection.is_none() && source.base_url.is_some() && !source.demo {
        return Err(CliError::usage(
            "--view needs a connection (views are saved per connection): add --connection NAME.",
        ));
    }
    let (_, settings) = load_settings(now)?;
    let owner = owner(&settings, source.connection.as_deref(), source.demo)?;
    let view = settings.view(owner.as_deref(), name)?;
    let mut refined = view.query.refined_by(&query);
    let orgs = if orgs.is_empty() {
        refined.orgs.clone().unwrap_or_default()
    } else {
        refined.orgs = Some(orgs.clone());
        orgs
    };
    Ok((refined, orgs))
}
