//! Starting and stopping the stub: two loopback listeners (the API origin and a second,
//! foreign origin) sharing one state.

use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::record::RecordedRequest;
use crate::routes;
use crate::state::{ListenerState, Origin, Shared};

/// How to run the stub. `StubConfig::default()` is what tests want: any free port on
/// 127.0.0.1, any bearer token accepted, no added latency.
#[derive(Clone, PartialEq, Eq)]
pub struct StubConfig {
    /// Port of the main listener; 0 lets the OS pick one (read it back with
    /// [`StubHandle::addr`]). The other-origin listener always takes any free port.
    pub port: u16,
    /// The bearer token the billing-details route requires; `None` accepts any request,
    /// with or without an `Authorization` header.
    pub token: Option<String>,
    /// Added before every request on both listeners is answered (benchmarks use 20 ms).
    pub latency: Duration,
    /// Address both listeners bind; the binary refuses non-loopback addresses.
    pub bind: IpAddr,
    /// The desktop app's demo: every orgId gets demo data (no fault, slow or huge scenario,
    /// no PDF faults), nothing is recorded, and a request whose `Host` is not the listener's
    /// own loopback address is refused (a web page elsewhere cannot reach it through DNS
    /// rebinding).
    pub demo_only: bool,
    /// `huge-N` payloads up to this many invoices are built once and kept (sent with their
    /// length); larger ones are generated while they stream out. Default
    /// [`crate::HUGE_CACHE_UP_TO`].
    pub huge_cache_up_to: usize,
}

impl Default for StubConfig {
    fn default() -> Self {
        Self {
            port: 0,
            token: None,
            latency: Duration::ZERO,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            demo_only: false,
            huge_cache_up_to: crate::HUGE_CACHE_UP_TO,
        }
    }
}

impl std::fmt::Debug for StubConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StubConfig")
            .field("port", &self.port)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("latency", &self.latency)
            .field("bind", &self.bind)
            .field("demo_only", &self.demo_only)
            .finish()
    }
}

/// A running stub. Dropping it (or calling [`StubHandle::shutdown`]) stops both listeners.
#[derive(Debug)]
pub struct StubHandle {
    addr: SocketAddr,
    other_addr: SocketAddr,
    shared: Arc<Shared>,
    stop: watch::Sender<bool>,
}

/// Binds both listeners and serves them on the current tokio runtime.
///
/// # Errors
/// The bind error, e.g. the port is taken or the address is not local to this machine.
pub async fn spawn(config: StubConfig) -> io::Result<StubHandle> {
    let main = TcpListener::bind(SocketAddr::new(config.bind, config.port)).await?;
    let other = TcpListener::bind(SocketAddr::new(config.bind, 0)).await?;
    let addr = main.local_addr()?;
    let other_addr = other.local_addr()?;
    let shared = Arc::new(Shared::new(
        config.token,
        config.latency,
        base_url_of(addr),
        base_url_of(other_addr),
        config.demo_only,
        config.huge_cache_up_to,
    ));
    let (stop, stopped) = watch::channel(false);
    for (listener, origin) in [(main, Origin::Main), (other, Origin::Other)] {
        let app = routes::router(ListenerState {
            shared: Arc::clone(&shared),
            origin,
        });
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    // An error means the handle is gone: stop as well.
                    let _ = stopped.wait_for(|stop| *stop).await;
                })
                .await;
            if let Err(error) = served {
                tracing::error!(origin = origin.name(), %error, "stub listener failed");
            }
        });
    }
    tracing::info!(%addr, %other_addr, "billing-stub listening");
    Ok(StubHandle {
        addr,
        other_addr,
        shared,
        stop,
    })
}

fn base_url_of(addr: SocketAddr) -> String {
    // SocketAddr's Display brackets IPv6 hosts, as URLs need.
    format!("http://{addr}")
}

impl StubHandle {
    /// The main listener's address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The main listener's base URL, e.g. `http://127.0.0.1:8787` (no trailing slash).
    pub fn base_url(&self) -> String {
        self.shared.main_base.clone()
    }

    /// The second listener's address.
    pub fn other_origin_addr(&self) -> SocketAddr {
        self.other_addr
    }

    /// A second listener on another port: a foreign origin for redirect and PDF-host tests.
    /// It serves the same routes (demo data, PDFs, hosted pages) with the same token rule.
    pub fn other_origin_base_url(&self) -> String {
        self.shared.other_base.clone()
    }

    /// Every request the main listener received, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.main_requests.snapshot()
    }

    /// Every request the other-origin listener received, oldest first.
    pub fn other_origin_requests(&self) -> Vec<RecordedRequest> {
        self.shared.other_requests.snapshot()
    }

    /// Bytes of streamed `huge-N` bodies (those past the cache) generated so far. The stub
    /// generates them only as fast as clients read, plus what socket buffers hold.
    pub fn streamed_bytes(&self) -> u64 {
        self.shared
            .streamed_bytes
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Forgets the recorded requests of both listeners.
    pub fn clear_requests(&self) {
        self.shared.main_requests.clear();
        self.shared.other_requests.clear();
    }

    /// Restarts the per-org counters of `flaky-*` and `rate-limit-once`, so they fail again.
    pub fn reset_counters(&self) {
        self.shared.reset_counters();
    }

    /// Freezes the clock the demo data is generated against (`None`: the server's clock
    /// again). Lets tests and golden files get identical bytes on any day.
    pub fn set_now(&self, now: Option<DateTime<Utc>>) {
        self.shared.set_now(now);
    }

    /// Stops accepting connections on both listeners; idle connections close, requests in
    /// flight finish. Idempotent; also done on drop.
    pub fn shutdown(&self) {
        self.stop.send_replace(true);
    }
}

impl Drop for StubHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}
