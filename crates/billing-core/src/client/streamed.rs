//! Reading a `200` answer's body into billing details as it arrives.
//!
//! A small body (under [`BLOCKING_DECODE_FROM`]) is read whole and decoded in place: it holds
//! a runtime worker for a few milliseconds at most. A larger one is handed, chunk by chunk,
//! to a [`StreamDecoder`] on tokio's blocking pool, so the body is never held whole (a million
//! invoices are about 520 MB of text) and the async workers stay free for other requests and
//! for the app's queries. The optional copy of the body (the app's response cache) is
//! written on the same thread, from the same chunks.

use std::io::Write;

use reqwest::Response;
use tokio::sync::mpsc;

use super::transport::{Failure, classify_body};
use crate::model::{
    BillingDetails, DecodeError, ItemBudget, ItemLease, StreamDecoder, decode_billing_details,
    decode_billing_details_held,
};

/// Bodies at least this large are decoded on tokio's blocking pool, while they arrive.
/// Decoding runs at about 350-500 MB/s, so a smaller body holds a runtime worker for 10 ms at
/// most, an acceptable pause.
pub(super) const BLOCKING_DECODE_FROM: usize = 4 * 1024 * 1024;

/// Chunks in flight between the download and the decoder: enough to keep both busy, few
/// enough that a decoder slower than the network holds back the download (and its memory).
const CHUNKS_IN_FLIGHT: usize = 16;

/// What one try of [`read_decoded`] gives.
pub(super) struct Decoded<W> {
    pub details: BillingDetails,
    pub lease: ItemLease,
    /// The copy of the body, complete, when one was asked for and every write worked.
    pub copy: Option<W>,
}

/// What a try reads the body into.
pub(super) struct Reading<'a, W> {
    /// The largest body accepted.
    pub cap: u64,
    /// What the decoded items count against, if anything.
    pub budget: Option<&'a ItemBudget>,
    /// Where a copy of the body goes (`None`: no copy).
    pub copy: Option<W>,
}

/// Reads `response`'s body under the size cap, decoding it (see the module documentation).
pub(super) async fn read_decoded<W: Write + Send + 'static>(
    mut response: Response,
    reading: Reading<'_, W>,
) -> Result<Decoded<W>, Failure> {
    let announced = response.content_length();
    if announced.is_some_and(|len| len > reading.cap) {
        return Err(Failure::TooLarge { announced });
    }
    let too_large = || Failure::TooLarge { announced };
    let mut head = Vec::new();
    let large = announced.is_some_and(|len| len >= BLOCKING_DECODE_FROM as u64);
    if !large {
        // Read whole while small; the first chunk past the threshold switches to streaming.
        while let Some(chunk) = response.chunk().await.map_err(classify_body)? {
            if over(head.len(), chunk.len(), reading.cap) {
                return Err(too_large());
            }
            head.extend_from_slice(&chunk);
            if head.len() >= BLOCKING_DECODE_FROM {
                return stream(response, head, announced, reading).await;
            }
        }
        return decode_small(&head, reading);
    }
    stream(response, head, announced, reading).await
}

/// A body read whole: decoded here, copied here (a few MB to the page cache).
fn decode_small<W: Write>(body: &[u8], reading: Reading<'_, W>) -> Result<Decoded<W>, Failure> {
    let (details, lease) = match reading.budget {
        Some(budget) => decode_billing_details_held(body, budget),
        None => decode_billing_details(body).map(|details| (details, ItemLease::none())),
    }
    .map_err(Failure::Decode)?;
    let copy = reading
        .copy
        .and_then(|mut copy| match copy.write_all(body) {
            Ok(()) => Some(copy),
            Err(error) => {
                tracing::warn!(%error, "could not copy the answer; it is not cached");
                None
            }
        });
    Ok(Decoded {
        details,
        lease,
        copy,
    })
}

/// What the download sends the decoder.
enum Piece {
    Chunk(bytes::Bytes),
    /// The body is complete.
    End,
}

/// Streams the rest of the body to a decoder on the blocking pool, `head` first.
async fn stream<W: Write + Send + 'static>(
    mut response: Response,
    head: Vec<u8>,
    announced: Option<u64>,
    reading: Reading<'_, W>,
) -> Result<Decoded<W>, Failure> {
    let (sender, receiver) = mpsc::channel::<Piece>(CHUNKS_IN_FLIGHT);
    let mut decoder = StreamDecoder::new(announced);
    if let Some(budget) = reading.budget {
        decoder = decoder.with_budget(budget.clone());
    }
    let decoding =
        tokio::task::spawn_blocking(move || decode_pieces(decoder, receiver, reading.copy));
    let mut received = head.len();
    let mut download = Ok(());
    let mut next = Some(bytes::Bytes::from(head));
    loop {
        if let Some(chunk) = next.take().filter(|chunk| !chunk.is_empty())
            && sender.send(Piece::Chunk(chunk)).await.is_err()
        {
            // The decoder stopped: the body is not valid, its error is below.
            break;
        }
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if over(received, chunk.len(), reading.cap) {
                    download = Err(Failure::TooLarge { announced });
                    break;
                }
                received += chunk.len();
                next = Some(chunk);
            }
            Ok(None) => {
                // The decoder may have stopped already; its answer says why.
                let _ = sender.send(Piece::End).await;
                break;
            }
            Err(error) => {
                download = Err(classify_body(error));
                break;
            }
        }
    }
    // Without `End` the decoder gives up as soon as it sees the channel closed.
    drop(sender);
    let decoded = match decoding.await {
        Ok(decoded) => decoded,
        // A panic in the decoder is a bug: let it surface as one, not as a fetch error.
        Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
        Err(join) => {
            return Err(Failure::Other {
                detail: join.to_string(),
            });
        }
    };
    match (download, decoded) {
        // The body's own error comes first: it is what a retry would meet again.
        (_, Some(Err(error))) => Err(Failure::Decode(error)),
        (Err(failure), _) => Err(failure),
        (Ok(()), Some(Ok(decoded))) => Ok(decoded),
        (Ok(()), None) => Err(Failure::Other {
            detail: "the decoder stopped before the answer ended".to_owned(),
        }),
    }
}

/// The decoder's side: every piece into the decoder (and the copy); `None` when the download
/// stopped before the body ended.
fn decode_pieces<W: Write>(
    mut decoder: StreamDecoder,
    mut receiver: mpsc::Receiver<Piece>,
    mut copy: Option<W>,
) -> Option<Result<Decoded<W>, DecodeError>> {
    while let Some(piece) = receiver.blocking_recv() {
        match piece {
            Piece::Chunk(chunk) => {
                if let Err(error) = decoder.push(&chunk) {
                    return Some(Err(error));
                }
                if let Some(writer) = &mut copy
                    && let Err(error) = writer.write_all(&chunk)
                {
                    tracing::warn!(%error, "could not copy the answer; it is not cached");
                    copy = None;
                }
            }
            Piece::End => {
                return Some(decoder.finish().map(|(details, lease)| Decoded {
                    details,
                    lease,
                    copy,
                }));
            }
        }
    }
    None
}

/// Whether `held` bytes and a chunk of `more` pass `cap`.
fn over(held: usize, more: usize, cap: u64) -> bool {
    u64::try_from(held.saturating_add(more)).unwrap_or(u64::MAX) > cap
}
