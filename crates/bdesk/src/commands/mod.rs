//! One module per command; each parses nothing and decides little: it calls the core and
//! prints.

pub mod changes;
pub mod connection;
pub mod demo_server;
pub mod export;
pub mod history;
pub mod invoices;
pub mod payment_methods;
pub mod pdfs;
pub mod token;
pub mod view;

use std::io::{self, Write};

use crate::exit::{CliError, Exit};

/// Writes to standard output; a closed pipe (`bdesk invoices | head`) ends quietly.
///
/// # Errors
/// Exit 1 for any other write failure.
pub fn write_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), CliError> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let result = write(&mut out).and_then(|()| out.flush());
    match result {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(CliError::new(
            Exit::Output,
            format!("Could not write to standard output: {error}."),
        )),
    }
}
