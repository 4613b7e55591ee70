//! Name resolution for PDF links of a remote API: only addresses on the internet.
//!
//! A link's host name is checked as written before any request ([`crate::link::is_local_host`]),
//! but a name can resolve to anything: `pdf.attacker.example` may point at `127.0.0.1` or
//! `10.0.0.5`, and a download would then reach a service on this computer or the office
//! network on the remote server's behalf. For links of a remote API the downloader resolves
//! names through [`PublicOnly`], which keeps only public addresses
//! ([`crate::link::is_public_ip`]) and fails a name that has none.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use crate::link::is_public_ip;

/// Looks a host name up; the system resolver unless a test maps names itself.
pub(crate) type Lookup = Arc<
    dyn Fn(String) -> Pin<Box<dyn Future<Output = io::Result<Vec<SocketAddr>>> + Send>>
        + Send
        + Sync,
>;

/// The system's resolver (getaddrinfo, on tokio's blocking pool).
pub(crate) fn system_lookup() -> Lookup {
    Arc::new(|host: String| {
        Box::pin(async move { Ok(tokio::net::lookup_host((host.as_str(), 0)).await?.collect()) })
    })
}

/// Resolves through `lookup` and keeps the public addresses only.
#[derive(Clone)]
pub(crate) struct PublicOnly {
    lookup: Lookup,
}

impl std::fmt::Debug for PublicOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PublicOnly")
    }
}

impl PublicOnly {
    pub(crate) fn new(lookup: Lookup) -> PublicOnly {
        PublicOnly { lookup }
    }
}

/// A name that resolved only to addresses off the internet. Its own type, so the downloader
/// finds it among the causes of a failed request and reports
/// [`super::PdfArchiveError::UnsafeLink`] rather than a network failure.
#[derive(Debug, thiserror::Error)]
#[error("{host} resolves only to addresses on this computer or a private network")]
pub(crate) struct LocalOnly {
    /// The name that was looked up.
    pub(crate) host: String,
}

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let lookup = Arc::clone(&self.lookup);
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found = lookup(host.clone()).await?;
            let public: Vec<SocketAddr> = found
                .into_iter()
                .filter(|addr| is_public_ip(addr.ip()))
                .collect();
            if public.is_empty() {
                return Err(
                    Box::new(LocalOnly { host }) as Box<dyn std::error::Error + Send + Sync>
                );
            }
            Ok(Box::new(public.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    /// A resolver that answers from a table, as a hostile DNS server could.
    pub(crate) fn table(entries: &[(&str, &[&str])]) -> Lookup {
        let entries: Vec<(String, Vec<SocketAddr>)> = entries
            .iter()
            .map(|(name, addrs)| {
                let addrs = addrs
                    .iter()
                    .map(|a| SocketAddr::new(a.parse().unwrap(), 0))
                    .collect();
                ((*name).to_owned(), addrs)
            })
            .collect();
        Arc::new(move |host: String| {
            let found = entries
                .iter()
                .find(|(name, _)| *name == host)
                .map(|(_, a)| a.clone());
            Box::pin(async move {
                found.ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such name"))
            })
        })
    }

    async fn resolve(resolver: &PublicOnly, name: &str) -> Result<Vec<SocketAddr>, String> {
        resolver
            .resolve(name.parse().unwrap())
            .await
            .map(Iterator::collect)
            .map_err(|e| e.to_string())
    }

    #[tokio::test]
    async fn names_that_resolve_to_this_computer_or_a_private_network_fail() {
        let resolver = PublicOnly::new(table(&[
            ("loopback.test", &["127.0.0.1"]),
            ("office.test", &["10.0.0.5", "192.168.1.20"]),
            ("metadata.test", &["169.254.169.254"]),
            ("v6.test", &["::1", "fe80::1", "fd00::2"]),
            ("mixed.test", &["127.0.0.1", "93.184.216.34"]),
            (
                "public.test",
                &["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
            ),
        ]));
        for name in ["loopback.test", "office.test", "metadata.test", "v6.test"] {
            let error = resolve(&resolver, name).await.unwrap_err();
            assert_eq!(
                error,
                LocalOnly {
                    host: name.to_owned()
                }
                .to_string(),
                "{name}"
            );
        }
        let mixed = resolve(&resolver, "mixed.test").await.unwrap();
        assert_eq!(
            mixed,
            vec!["93.184.216.34:0".parse::<SocketAddr>().unwrap()],
            "only the public one is tried"
        );
        assert_eq!(resolve(&resolver, "public.test").await.unwrap().len(), 2);
    }
}
