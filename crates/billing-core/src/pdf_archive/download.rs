//! Downloading one PDF: a client of its own, redirects checked hop by hop, the body streamed
//! into a temp file under a size cap and checked for the `%PDF-` signature.
//!
//! This client is separate from the API client on purpose: it has no `Authorization` header,
//! no cookies and no `Referer`, so neither the API token nor anything else about the session
//! ever reaches a PDF host, whatever host a link or a redirect names.

use std::error::Error as StdError;
use std::path::Path;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, LOCATION};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use url::Url;

use super::error::PdfArchiveError;
use super::resolve::{LocalOnly, Lookup, PublicOnly};
use crate::durable_file::TempFile;
use crate::link;

/// Every PDF starts with these bytes.
pub const PDF_SIGNATURE: &[u8] = b"%PDF-";

/// Redirects followed before giving up (Stripe's links redirect once, to file storage).
pub const MAX_REDIRECTS: usize = 5;

/// Temp files start with this, so a stray one (after a crash) is recognisable and removed by a
/// later run (see `ArchiveIndex::save`).
pub(crate) const TEMP_PREFIX: &str = ".bdesk-pdf-";

/// A complete, checked download in a temp file inside the archive folder. Dropping it removes
/// the temp file.
#[derive(Debug)]
pub(crate) struct Downloaded {
    pub temp: TempFile,
    pub sha256: String,
    pub bytes: u64,
}

/// Limits of one download.
#[derive(Debug, Clone)]
pub(crate) struct FetchLimits {
    pub max_bytes: u64,
    pub timeout: Duration,
}

/// The HTTP side of the archive. Two clients: one that never uses a proxy, for links to this
/// computer (the demo stub), and one for everything else that only speaks https.
///
/// For the links of a remote API (`local_ok` false) the remote client resolves names through
/// [`PublicOnly`], and no hop may lead to this computer or a private network.
#[derive(Debug, Clone)]
pub(crate) struct PdfFetcher {
    direct: reqwest::Client,
    remote: reqwest::Client,
    limits: FetchLimits,
    local_ok: bool,
}

impl PdfFetcher {
    pub(crate) fn new(
        limits: FetchLimits,
        connect_timeout: Duration,
        user_agent: &str,
        local_ok: bool,
        lookup: Lookup,
    ) -> Result<PdfFetcher, PdfArchiveError> {
        let base = || {
            reqwest::Client::builder()
                .user_agent(user_agent)
                .connect_timeout(connect_timeout)
                // Redirects are followed by hand below, so every hop is validated.
                .redirect(reqwest::redirect::Policy::none())
                .referer(false)
        };
        let setup = |error: reqwest::Error| PdfArchiveError::Setup {
            detail: innermost_message(&error),
        };
        Ok(PdfFetcher {
            direct: base().no_proxy().build().map_err(setup)?,
            remote: if local_ok {
                base().https_only(true).build().map_err(setup)?
            } else {
                base()
                    .https_only(true)
                    .dns_resolver(PublicOnly::new(lookup))
                    .build()
                    .map_err(setup)?
            },
            limits,
            local_ok,
        })
    }

    /// Whether links may lead to this computer or a private network (the API is there too).
    pub(crate) fn local_ok(&self) -> bool {
        self.local_ok
    }

    /// Downloads `link` (already validated with [`link::validate_external_link`]) into a temp
    /// file in `dir`, within the time limit.
    pub(crate) async fn download(
        &self,
        link: &Url,
        dir: &Path,
    ) -> Result<Downloaded, PdfArchiveError> {
        let limit = self.limits.timeout;
        match tokio::time::timeout(limit, self.follow_and_read(link, dir)).await {
            Ok(result) => result,
            Err(_) => Err(PdfArchiveError::Timeout {
                limit_secs: limit.as_secs(),
            }),
        }
    }

    async fn follow_and_read(&self, link: &Url, dir: &Path) -> Result<Downloaded, PdfArchiveError> {
        let (response, url) = self.follow(link).await?;
        self.read_body(response, &url, dir).await
    }

    /// Whether `link` (validated like a download's) still leads to a PDF, within the time
    /// limit: the same hops and checks as [`PdfFetcher::download`], but only the first bytes of
    /// the body are read, to see `%PDF-`; nothing is written.
    pub(crate) async fn probe(&self, link: &Url) -> Result<(), PdfArchiveError> {
        let limit = self.limits.timeout;
        let check = async {
            let (mut response, url) = self.follow(link).await?;
            let mut head: Vec<u8> = Vec::with_capacity(PDF_SIGNATURE.len());
            while head.len() < PDF_SIGNATURE.len() {
                let Some(chunk) = response
                    .chunk()
                    .await
                    .map_err(|e| transport_error(&url, &e))?
                else {
                    break;
                };
                let wanted = PDF_SIGNATURE.len() - head.len();
                head.extend_from_slice(&chunk[..chunk.len().min(wanted)]);
            }
            if head.as_slice() == PDF_SIGNATURE {
                Ok(())
            } else {
                Err(PdfArchiveError::NotPdf)
            }
        };
        match tokio::time::timeout(limit, check).await {
            Ok(result) => result,
            Err(_) => Err(PdfArchiveError::Timeout {
                limit_secs: limit.as_secs(),
            }),
        }
    }

    /// Follows `link` hop by hop to the answer of a PDF: every redirect target is checked
    /// before it is requested ([`next_hop`]); an expired or failing link is an error.
    async fn follow(&self, link: &Url) -> Result<(reqwest::Response, Url), PdfArchiveError> {
        let mut url = link.clone();
        for _hop in 0..=MAX_REDIRECTS {
            let client = if link::is_loopback_host(&url) {
                &self.direct
            } else {
                &self.remote
            };
            let response = client
                .get(url.clone())
                .header(ACCEPT, "application/pdf")
                .send()
                .await
                .map_err(|e| transport_error(&url, &e))?;
            let status = response.status();
            if status.is_redirection() {
                url = next_hop(&url, &response, self.local_ok)?;
                tracing::debug!(to = %link::origin_text(&url), "PDF link redirected");
                continue;
            }
            return match status {
                StatusCode::OK => Ok((response, url)),
                StatusCode::FORBIDDEN | StatusCode::NOT_FOUND | StatusCode::GONE => {
                    Err(PdfArchiveError::LinkExpired {
                        status: status.as_u16(),
                    })
                }
                other => Err(PdfArchiveError::HttpStatus {
                    status: other.as_u16(),
                }),
            };
        }
        Err(PdfArchiveError::TooManyRedirects)
    }

    /// Streams the body into a temp file: refused as soon as it is known to exceed the cap
    /// (from `Content-Length`, then while counting) or not to start with `%PDF-`.
    async fn read_body(
        &self,
        mut response: reqwest::Response,
        url: &Url,
        dir: &Path,
    ) -> Result<Downloaded, PdfArchiveError> {
        let cap = self.limits.max_bytes;
        let too_large = || PdfArchiveError::TooLarge {
            limit_mib: cap / (1024 * 1024),
        };
        if response.content_length().is_some_and(|len| len > cap) {
            return Err(too_large());
        }
        let write_error = |source: std::io::Error| PdfArchiveError::Write {
            path: dir.to_path_buf(),
            source,
        };
        let temp = TempFile::create_in(dir, TEMP_PREFIX).map_err(write_error)?;
        let mut file = tokio::fs::File::from_std(temp.as_file().try_clone().map_err(write_error)?);
        let mut hasher = Sha256::new();
        let mut bytes: u64 = 0;
        let mut head: Vec<u8> = Vec::with_capacity(PDF_SIGNATURE.len());
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| transport_error(url, &e))?
        {
            bytes = bytes.saturating_add(chunk.len() as u64);
            if bytes > cap {
                return Err(too_large());
            }
            if head.len() < PDF_SIGNATURE.len() {
                let wanted = PDF_SIGNATURE.len() - head.len();
                head.extend_from_slice(&chunk[..chunk.len().min(wanted)]);
                if !PDF_SIGNATURE.starts_with(&head) {
                    return Err(PdfArchiveError::NotPdf);
                }
            }
            hasher.update(&chunk);
            file.write_all(&chunk).await.map_err(write_error)?;
        }
        if head.as_slice() != PDF_SIGNATURE {
            return Err(PdfArchiveError::NotPdf);
        }
        file.flush().await.map_err(write_error)?;
        file.sync_all().await.map_err(write_error)?;
        Ok(Downloaded {
            temp,
            sha256: hex::encode(hasher.finalize()),
            bytes,
        })
    }
}

/// The target of a redirect, if it is one the archive follows: it must pass
/// [`link::validate_external_link`] like the original link, and a remote host may not send the
/// download to this computer (that would let a foreign server probe local services).
fn next_hop(
    current: &Url,
    response: &reqwest::Response,
    local_ok: bool,
) -> Result<Url, PdfArchiveError> {
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|value| value.to_str().ok())
        .ok_or_else(|| PdfArchiveError::UnsafeRedirect {
            to: "no readable target".to_owned(),
        })?;
    let target = current
        .join(location)
        .map_err(|_| PdfArchiveError::UnsafeRedirect {
            to: "an unreadable address".to_owned(),
        })?;
    let describe = |url: &Url| {
        if url.origin().is_tuple() {
            link::origin_text(url)
        } else {
            format!("a \"{}:\" address", url.scheme())
        }
    };
    let target = link::validate_external_link(target.as_str()).map_err(|_| {
        PdfArchiveError::UnsafeRedirect {
            to: describe(&target),
        }
    })?;
    let to_local = if local_ok {
        link::is_loopback_host(&target) && !link::is_loopback_host(current)
    } else {
        link::is_local_host(&target)
    };
    if to_local {
        return Err(PdfArchiveError::UnsafeRedirect {
            to: describe(&target),
        });
    }
    Ok(target)
}

fn transport_error(url: &Url, error: &reqwest::Error) -> PdfArchiveError {
    // The overall limit is applied around the whole download; a timeout in here is the
    // connect limit.
    let mut cause: Option<&(dyn StdError + 'static)> = Some(error);
    while let Some(current) = cause {
        if let Some(local) = current.downcast_ref::<LocalOnly>() {
            return PdfArchiveError::UnsafeLink(link::LinkError::LocalTarget {
                host: local.host.clone(),
            });
        }
        cause = current.source();
    }
    let detail = if error.is_timeout() {
        "the connection timed out".to_owned()
    } else {
        innermost_message(error)
    };
    PdfArchiveError::Network {
        origin: link::origin_text(url),
        detail,
    }
}

/// The deepest cause's message: specific, and (unlike reqwest's own) free of the URL, whose
/// query may be an access key.
fn innermost_message(error: &(dyn StdError + 'static)) -> String {
    let mut deepest = error;
    while let Some(next) = deepest.source() {
        deepest = next;
    }
    deepest.to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use crate::pdf_archive::resolve::tests::table;

    fn fetcher(local_ok: bool, lookup: Lookup) -> PdfFetcher {
        let limits = FetchLimits {
            max_bytes: 1024,
            timeout: Duration::from_secs(10),
        };
        PdfFetcher::new(limits, Duration::from_secs(5), "test", local_ok, lookup).unwrap()
    }

    #[tokio::test]
    async fn a_name_of_a_remote_api_that_resolves_to_this_computer_is_never_connected_to() {
        // A server on this computer that must hear nothing.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let lookup = table(&[("pdf.attacker.test", &["127.0.0.1"])]);
        let dir = tempfile::tempdir().unwrap();
        let link = Url::parse(&format!("https://pdf.attacker.test:{port}/in_1.pdf")).unwrap();

        let error = fetcher(false, lookup)
            .download(&link, dir.path())
            .await
            .unwrap_err();
        assert!(
            matches!(&error, PdfArchiveError::UnsafeLink(link::LinkError::LocalTarget { host }) if host == "pdf.attacker.test"),
            "{error:?}"
        );
        assert!(
            listener.accept().is_err(),
            "no connection reached the local server"
        );
    }
}
