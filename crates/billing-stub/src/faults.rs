//! Network faults that the HTTP stack of the main stub cannot produce: a connection reset in
//! the middle of a body, and an address where nobody listens.
//!
//! [`spawn_reset_mid_body`] is a raw TCP listener speaking just enough HTTP/1.1: it reads a
//! request, answers `200` with the `Content-Length` of a whole demo body, sends half of the
//! body, then closes the socket with `SO_LINGER` 0, so the kernel sends a TCP RST and the
//! client sees "connection reset" rather than a clean end of stream (the `truncated`
//! scenario's fault). Every connection gets the same treatment, whatever the path.
//!
//! For the other faults see the crate docs: `huge-4200000` (2.2 GB streamed), `slow-body-1000`
//! (one byte a second), `err-429` (a 429 storm), and a `.invalid` host name for a name that
//! never resolves (RFC 6761).

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The largest request head read before answering anyway.
const MAX_HEAD: usize = 64 * 1024;

/// A running reset-mid-body listener. Dropping it stops accepting connections.
#[derive(Debug)]
pub struct FaultServer {
    addr: SocketAddr,
    requests: Arc<AtomicU32>,
    task: JoinHandle<()>,
}

impl FaultServer {
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many requests arrived (and were answered with a reset) so far.
    pub fn requests(&self) -> u32 {
        self.requests.load(Ordering::SeqCst)
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts a loopback listener whose every answer is cut by a TCP reset halfway through the
/// body (see the module docs). The body is demo billing-details JSON.
///
/// # Errors
/// The bind error.
pub async fn spawn_reset_mid_body() -> io::Result<FaultServer> {
    spawn_reset_mid_body_at(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await
}

/// [`spawn_reset_mid_body`] on a chosen address, e.g. the port of a stub that was just
/// stopped, so a client configured for that stub meets the fault.
///
/// # Errors
/// The bind error.
pub async fn spawn_reset_mid_body_at(addr: SocketAddr) -> io::Result<FaultServer> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let requests = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&requests);
    let task = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let counter = Arc::clone(&counter);
            tokio::spawn(async move {
                if let Err(error) = reset_mid_body(stream, &counter).await {
                    tracing::debug!(%error, "reset-mid-body connection ended");
                }
            });
        }
    });
    tracing::info!(%addr, "billing-stub reset-mid-body listener");
    Ok(FaultServer {
        addr,
        requests,
        task,
    })
}

async fn reset_mid_body(mut stream: TcpStream, counter: &AtomicU32) -> io::Result<()> {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_HEAD {
        let read = stream.read(&mut buf).await?;
        if read == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..read]);
    }
    counter.fetch_add(1, Ordering::SeqCst);
    let body = crate::demo::billing_details_json("reset-mid-body", chrono::Utc::now(), "");
    let answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(answer.as_bytes()).await?;
    stream.write_all(&body[..body.len() / 2]).await?;
    stream.flush().await?;
    // Let the head and the first half reach the client before the reset discards anything
    // still queued.
    tokio::time::sleep(Duration::from_millis(100)).await;
    stream.set_zero_linger()?;
    drop(stream);
    Ok(())
}

/// A loopback base URL where nothing listens: a port just bound and released, so connecting
/// is refused at once.
///
/// # Errors
/// The bind error.
pub fn refused_base_url() -> io::Result<String> {
    let listener = std::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))?;
    let addr = listener.local_addr()?;
    drop(listener);
    Ok(format!("http://{addr}"))
}

/// A base URL whose host name never resolves: `.invalid` is reserved for that (RFC 6761), so
/// resolvers answer "no such name" without asking the network.
pub const UNRESOLVABLE_BASE_URL: &str = "https://billing-desk-fault.invalid";
