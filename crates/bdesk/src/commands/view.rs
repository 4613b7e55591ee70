//! `bdesk view list|show|save|rm`: the saved views the app shows, in the settings file.

use std::io::IsTerminal;

use billing_core::history::describe_view;
use billing_core::settings::SavedView;
use chrono::{DateTime, Utc};

use super::write_stdout;
use crate::cli::{BatchArgs, ViewCommand};
use crate::exit::{CliError, Exit};
use crate::source::load_settings;
use crate::table::{Table, clean};
use crate::views::owner;
use crate::{filters, orgs};

/// Runs a `view` subcommand.
///
/// # Errors
/// Exit 2 for a bad view or an unknown one, 7 for the settings file or a missing connection.
pub fn run(command: ViewCommand, now: DateTime<Utc>) -> Result<Exit, CliError> {
    let (store, settings) = load_settings(now)?;
    match command {
        ViewCommand::List { owner: who, json } => {
            let owner = owner(&settings, who.connection.as_deref(), who.demo)?;
            let views = settings.views(owner.as_deref())?;
            if json {
                return print_json(&views);
            }
            if views.is_empty() {
                eprintln!("bdesk: no saved views yet (save one with `bdesk view save`)");
                return Ok(Exit::Ok);
            }
            let mut table = Table::new(&[
                ("NAME", false),
                ("ORGANIZATIONS", false),
                ("FILTERS", false),
            ]);
            for view in views {
                let query = serde_json::to_value(&view.query).unwrap_or_default();
                table.push(vec![
                    view.name.clone(),
                    view.query.orgs.as_ref().map_or_else(
                        || "all saved".to_owned(),
                        |orgs| {
                            orgs.iter()
                                .map(ToString::to_string)
                                .collect::<Vec<_>>()
                                .join(", ")
                        },
                    ),
                    describe_view(&query),
                ]);
            }
            let aligned = std::io::stdout().is_terminal();
            write_stdout(|out| table.write(out, aligned))?;
        }
        ViewCommand::Show { name, owner: who } => {
            let owner = owner(&settings, who.connection.as_deref(), who.demo)?;
            return print_json(settings.view(owner.as_deref(), &name)?);
        }
        ViewCommand::Save {
            name,
            owner: who,
            orgs,
            orgs_file,
            filters,
        } => {
            let owner = owner(&settings, who.connection.as_deref(), who.demo)?;
            let base = match filters.view.as_deref() {
                Some(from) => settings.view(owner.as_deref(), from)?.clone(),
                None => SavedView {
                    name: name.clone(),
                    query: Default::default(),
                    columns: Vec::new(),
                },
            };
            let given = filters::query(&filters)?;
            let ids = orgs::collect(&BatchArgs {
                orgs,
                orgs_file,
                concurrency: None,
                keep_going: false,
            })?;
            let mut query = base.query.refined_by(&given);
            if !ids.is_empty() {
                query.orgs = Some(ids);
            }
            let view = SavedView {
                name: name.clone(),
                query,
                columns: base.columns,
            };
            let (replaced, _) = store.update(|s| s.save_view(owner.as_deref(), view))?;
            eprintln!(
                "bdesk: {} view \"{}\" ({}).",
                if replaced { "replaced" } else { "saved" },
                clean(&name),
                owner.map_or_else(
                    || "demo".to_owned(),
                    |c| format!("connection \"{}\"", clean(&c))
                )
            );
        }
        ViewCommand::Rm { name, owner: who } => {
            let owner = owner(&settings, who.connection.as_deref(), who.demo)?;
            store.update(|s| s.remove_view(owner.as_deref(), &name))?;
            eprintln!("bdesk: removed view \"{}\".", clean(&name));
        }
    }
    Ok(Exit::Ok)
}

fn print_json(value: &impl serde::Serialize) -> Result<Exit, CliError> {
    write_stdout(|out| {
        serde_json::to_writer_pretty(&mut *out, value)?;
        writeln!(out)
    })?;
    Ok(Exit::Ok)
}
