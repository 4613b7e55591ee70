//! `bdesk demo-server`: the stub billing API with demo data, for trying bdesk and the app.

use billing_stub::StubConfig;

use crate::cli::DemoServerArgs;
use crate::exit::{CliError, Exit};

/// Serves until Ctrl-C.
///
/// # Errors
/// Exit 1 when the port cannot be opened.
pub async fn run(args: DemoServerArgs) -> Result<Exit, CliError> {
    let stub = billing_stub::spawn(StubConfig {
        port: args.port,
        ..StubConfig::default()
    })
    .await
    .map_err(|e| {
        CliError::new(
            Exit::Output,
            format!(
                "Cannot listen on 127.0.0.1:{}: {e}. Choose another port with --port N (0 picks a free one).",
                args.port
            ),
        )
    })?;
    // Scripts read the first line to find the port when --port 0 was used.
    println!("listening on {}", stub.base_url());
    eprintln!(
        "bdesk: demo billing API with made-up data; any token is accepted. Try:\n  \
         BDESK_TOKEN=demo bdesk invoices --base-url {} --org acme\nPress Ctrl-C to stop.",
        stub.base_url()
    );
    if let Err(error) = tokio::signal::ctrl_c().await {
        return Err(CliError::new(
            Exit::Output,
            format!("Cannot wait for Ctrl-C: {error}."),
        ));
    }
    stub.shutdown();
    Ok(Exit::Ok)
}
