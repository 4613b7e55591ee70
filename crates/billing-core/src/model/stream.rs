//! Decoding a body while it arrives, chunk by chunk, without ever holding it whole.
//!
//! A million invoices take about 520 MB on the wire and about as much decoded; holding the
//! body until it is complete and then decoding it needs both at once. [`StreamDecoder`] keeps
//! only the part of the body not yet decoded (usually less than one invoice): it walks the
//! top-level object itself and hands each invoice and payment method to `serde_json` as soon
//! as its text is complete, so memory follows the decoded data, not the body.
//!
//! It reads exactly what [`super::decode_billing_details`] reads and fails where that fails,
//! with the same kind of error and the same field path (the `model_stream` tests and the
//! `decode` fuzz target compare the two on every input, cut into chunks at random).

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};

use super::budget::{ItemBudget, ItemLease};
use super::decode::{
    FromWire, Object, WIRE_INVOICE_BYTES_GUESS, WireInvoice, WirePaymentMethod, classify,
};
use super::{BillingDetails, DecodeError, Invoice, ListLimits, PaymentMethod};

/// Items reserved from the budget at a time, so the shared count is not touched per item.
const BUDGET_BLOCK: usize = 4_096;

/// Decoded data a body may make, whatever its size, before [`INFLATION_LIMIT`] applies.
const INFLATION_FREE_BYTES: usize = 64 * 1024 * 1024;

/// How many times its own size a body may decode to, past [`INFLATION_FREE_BYTES`]. A real
/// invoice (about 520 bytes on the wire, about 350 bytes of fixed fields decoded plus its text)
/// decodes to under twice its size; a body of minimal objects (`{},`) to over a hundred times.
/// The whole-body decode counts the list before decoding it; a stream cannot, so this bounds
/// what a hostile body makes before [`super::MAX_INVOICES`] stops it.
const INFLATION_LIMIT: usize = 16;

/// Where the walk of the top-level object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the top-level value.
    Start,
    /// After `{`: a key or `}`.
    FirstKey,
    /// After `,` in the object: a key.
    Key,
    /// After a key: `:`.
    Colon(Field),
    /// After `:`: the value.
    Value(Field),
    /// After a member: `,` or `}`.
    AfterMember,
    /// After `[` of a list: an element or `]`.
    FirstElement(List),
    /// After `,` in a list: an element.
    Element(List),
    /// After an element: `,` or `]`.
    AfterElement(List),
    /// After the closing `}`: only whitespace may follow.
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    List(List),
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum List {
    Invoices,
    PaymentMethods,
}

impl List {
    fn key(self) -> &'static str {
        match self {
            List::Invoices => "invoices",
            List::PaymentMethods => "paymentMethods",
        }
    }
}

/// What one step of the walk did.
enum Step {
    /// Moved on; try the next step.
    Moved,
    /// The text so far ends inside the next token or value.
    NeedMore,
    /// The body is complete.
    Done,
}

/// A position in the body: 1-based line, 0-based byte column (serde_json's convention for the
/// column of a token's first byte is this plus one).
#[derive(Debug, Clone, Copy)]
struct Position {
    line: usize,
    column: usize,
}

/// Decodes one billing-details body fed in chunks. See the module documentation.
#[derive(Debug)]
pub struct StreamDecoder {
    /// The body from the first byte not yet decoded, as text (checked UTF-8).
    text: String,
    /// How much of `text` is decoded.
    pos: usize,
    /// The position of `text`'s first byte in the body.
    origin: Position,
    /// The bytes of a character cut by a chunk boundary, waiting for the rest.
    carry: Vec<u8>,
    /// Set when the body has a byte that is not UTF-8, just after the end of `text`.
    not_utf8: bool,
    /// Text available before the next attempt at a value found incomplete, so a value that
    /// spans many chunks is not re-read for every chunk.
    want: usize,
    state: State,
    limits: ListLimits,
    invoices: Option<Vec<Invoice>>,
    payment_methods: Option<Vec<PaymentMethod>>,
    capacity_hint: usize,
    budget: Option<ItemBudget>,
    lease: ItemLease,
    /// The first error; once set, nothing more is read.
    failed: Option<DecodeError>,
    /// Bytes of the body received.
    received: u64,
    /// An upper bound of the memory the decoded items take: their fixed size plus their text.
    decoded: usize,
}

impl StreamDecoder {
    /// A decoder with the default list limits, expecting about `announced` bytes (the body's
    /// `Content-Length`, when the server sent one).
    pub fn new(announced: Option<u64>) -> StreamDecoder {
        StreamDecoder::within(ListLimits::default(), announced)
    }

    /// A decoder with other list limits (tests use small ones).
    pub fn within(limits: ListLimits, announced: Option<u64>) -> StreamDecoder {
        let guess = announced.map_or(0, |len| len / WIRE_INVOICE_BYTES_GUESS as u64);
        // The announced length is the server's word: the guess reserves at most about 90 MB
        // up front, and a longer list grows as it arrives.
        let capacity_hint = usize::try_from(guess)
            .unwrap_or(usize::MAX)
            .min(1 << 18)
            .min(limits.invoices);
        StreamDecoder {
            text: String::new(),
            pos: 0,
            origin: Position { line: 1, column: 0 },
            carry: Vec::new(),
            not_utf8: false,
            want: 0,
            state: State::Start,
            limits,
            invoices: None,
            payment_methods: None,
            capacity_hint,
            budget: None,
            lease: ItemLease::none(),
            failed: None,
            received: 0,
            decoded: 0,
        }
    }

    /// Counts the decoded items against `budget` as they are read (see
    /// [`super::decode_billing_details_held`]); [`StreamDecoder::finish`] returns the lease.
    #[must_use]
    pub fn with_budget(mut self, budget: ItemBudget) -> StreamDecoder {
        self.lease = ItemLease::none();
        self.budget = Some(budget);
        self
    }

    /// Reads the next `chunk` of the body, decoding every value it completes.
    ///
    /// # Errors
    /// The body's first problem, as soon as it is known; later calls return it again.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), DecodeError> {
        if let Some(error) = &self.failed {
            return Err(error.clone());
        }
        self.received = self.received.saturating_add(chunk.len() as u64);
        if !self.not_utf8 {
            self.append(chunk);
        }
        if self.text.len() - self.pos < self.want && !self.not_utf8 {
            return Ok(());
        }
        let result = self.run(false);
        self.compact();
        result
    }

    /// Ends the body and returns what it held, with the lease of the budget's items.
    ///
    /// # Errors
    /// The body's first problem; [`DecodeError::Truncated`] when it ends before its JSON does.
    pub fn finish(mut self) -> Result<(BillingDetails, ItemLease), DecodeError> {
        if let Some(error) = self.failed.take() {
            return Err(error);
        }
        // A character cut off by the end of the body is left out: the body is then cut short
        // (a truncation, as the whole-body decode says), or the JSON ended before it.
        self.run(true)?;
        let details = BillingDetails {
            invoices: shrunk(self.invoices.take()),
            payment_methods: shrunk(self.payment_methods.take()),
        };
        let mut lease = std::mem::take(&mut self.lease);
        lease.shrink_to(details.invoices.len() + details.payment_methods.len());
        Ok((details, lease))
    }

    /// Adds `chunk` to the text, keeping a character cut at its end for the next chunk and
    /// stopping at the first byte that is not UTF-8.
    fn append(&mut self, chunk: &[u8]) {
        let mut rest = chunk;
        if !self.carry.is_empty() {
            // Complete the cut character: at most 3 more bytes.
            let take = rest.len().min(4 - self.carry.len());
            self.carry.extend_from_slice(&rest[..take]);
            match std::str::from_utf8(&self.carry) {
                Ok(text) => {
                    self.text.push_str(text);
                    self.carry.clear();
                    rest = &rest[take..];
                }
                Err(error) => {
                    let valid = error.valid_up_to();
                    if valid > 0 {
                        let (char_bytes, _) = self.carry.split_at(valid);
                        if let Ok(text) = std::str::from_utf8(char_bytes) {
                            self.text.push_str(text);
                        }
                        let used = valid - (self.carry.len() - take);
                        self.carry.clear();
                        rest = &rest[used..];
                    } else if error.error_len().is_some() {
                        self.not_utf8 = true;
                        self.carry.clear();
                        return;
                    } else {
                        // Still incomplete: the chunk was shorter than the character.
                        return;
                    }
                }
            }
        }
        match std::str::from_utf8(rest) {
            Ok(text) => self.text.push_str(text),
            Err(error) => {
                let (valid, tail) = rest.split_at(error.valid_up_to());
                if let Ok(text) = std::str::from_utf8(valid) {
                    self.text.push_str(text);
                }
                if error.error_len().is_some() {
                    self.not_utf8 = true;
                } else {
                    self.carry.extend_from_slice(tail);
                }
            }
        }
    }

    /// Drops the decoded text, keeping the position of what is left.
    fn compact(&mut self) {
        if self.pos == 0 {
            return;
        }
        self.origin = advance(self.origin, &self.text.as_bytes()[..self.pos]);
        self.text.replace_range(..self.pos, "");
        self.pos = 0;
    }

    /// Steps through the text until it needs more or the body is read. `finished` says no
    /// more text comes.
    fn run(&mut self, finished: bool) -> Result<(), DecodeError> {
        // Past a byte that is not UTF-8 the text cannot grow: read it as if it ended there,
        // as the whole-body decode reads up to that byte.
        let last = finished || self.not_utf8;
        loop {
            match self.step(last) {
                Ok(Step::Moved) => {}
                Ok(Step::Done) => return Ok(()),
                Ok(Step::NeedMore) => {
                    let available = self.text.len() - self.pos;
                    if self.not_utf8 {
                        return self.fail(self.not_utf8_error());
                    }
                    if finished {
                        let at = self.position_at(self.text.len());
                        return self.fail(DecodeError::Truncated {
                            line: at.line,
                            column: at.column,
                        });
                    }
                    self.want = available.saturating_mul(2).max(available + 1);
                    return Ok(());
                }
                Err(error) => return self.fail(error),
            }
        }
    }

    fn fail(&mut self, error: DecodeError) -> Result<(), DecodeError> {
        self.invoices = None;
        self.payment_methods = None;
        self.lease = ItemLease::none();
        self.failed = Some(error.clone());
        Err(error)
    }

    /// One token or value.
    fn step(&mut self, finished: bool) -> Result<Step, DecodeError> {
        self.want = 0;
        self.skip_whitespace();
        if self.state == State::End {
            return match self.peek() {
                // Bytes after the object that are not text are not whitespace either.
                None if finished && (self.not_utf8 || !self.carry.is_empty()) => {
                    Err(self.not_utf8_error())
                }
                None if finished => Ok(Step::Done),
                None => Ok(Step::NeedMore),
                Some(_) => Err(self.syntax("trailing characters")),
            };
        }
        let Some(byte) = self.peek() else {
            return Ok(Step::NeedMore);
        };
        match self.state {
            State::Start => {
                if byte == b'{' {
                    self.pos += 1;
                    self.state = State::FirstKey;
                    return Ok(Step::Moved);
                }
                // Not an object: serde_json says what it is, as the whole-body decoder does.
                match self.value::<Object<IgnoredAny>>(finished, None)? {
                    Some(_) => Err(self.syntax("expected an object")),
                    None => Ok(Step::NeedMore),
                }
            }
            State::FirstKey | State::Key => match byte {
                b'"' => self.key(finished),
                b'}' if self.state == State::FirstKey => {
                    self.pos += 1;
                    self.state = State::End;
                    Ok(Step::Moved)
                }
                b'}' => Err(self.syntax("trailing comma")),
                _ => Err(self.syntax("key must be a string")),
            },
            State::Colon(field) => {
                if byte != b':' {
                    return Err(self.syntax("expected `:`"));
                }
                self.pos += 1;
                self.state = State::Value(field);
                Ok(Step::Moved)
            }
            State::Value(Field::Other) => {
                match self.value::<IgnoredAny>(finished, None)? {
                    Some(_) => self.state = State::AfterMember,
                    None => return Ok(Step::NeedMore),
                }
                Ok(Step::Moved)
            }
            State::Value(Field::List(list)) => {
                if byte == b'[' {
                    self.pos += 1;
                    self.start_list(list);
                    self.state = State::FirstElement(list);
                    return Ok(Step::Moved);
                }
                match self.value::<NullOrList>(finished, Some(list.key()))? {
                    Some(_) => {
                        self.set_list_empty(list);
                        self.state = State::AfterMember;
                        Ok(Step::Moved)
                    }
                    None => Ok(Step::NeedMore),
                }
            }
            State::AfterMember => match byte {
                b',' => {
                    self.pos += 1;
                    self.state = State::Key;
                    Ok(Step::Moved)
                }
                b'}' => {
                    self.pos += 1;
                    self.state = State::End;
                    Ok(Step::Moved)
                }
                _ => Err(self.syntax("expected `,` or `}`")),
            },
            State::FirstElement(list) | State::Element(list) => {
                if byte == b']' {
                    if self.state == State::Element(list) {
                        return Err(self.syntax("trailing comma"));
                    }
                    self.pos += 1;
                    self.state = State::AfterMember;
                    return Ok(Step::Moved);
                }
                self.element(list, finished)
            }
            State::AfterElement(list) => match byte {
                b',' => {
                    self.pos += 1;
                    self.state = State::Element(list);
                    Ok(Step::Moved)
                }
                b']' => {
                    self.pos += 1;
                    self.state = State::AfterMember;
                    Ok(Step::Moved)
                }
                _ => Err(self.syntax("expected `,` or `]`")),
            },
            State::End => Ok(Step::NeedMore),
        }
    }

    fn key(&mut self, finished: bool) -> Result<Step, DecodeError> {
        let Some(key) = self.value::<String>(finished, None)? else {
            return Ok(Step::NeedMore);
        };
        let field = match key.as_str() {
            "invoices" => Field::List(List::Invoices),
            "paymentMethods" => Field::List(List::PaymentMethods),
            _ => Field::Other,
        };
        if let Field::List(list) = field
            && self.list_seen(list)
        {
            let at = self.position_at(self.pos);
            return Err(DecodeError::UnexpectedValue {
                path: "the top level".to_owned(),
                detail: format!("duplicate field `{}`", list.key()),
                line: at.line,
                column: at.column,
            });
        }
        self.state = State::Colon(field);
        Ok(Step::Moved)
    }

    fn list_seen(&self, list: List) -> bool {
        match list {
            List::Invoices => self.invoices.is_some(),
            List::PaymentMethods => self.payment_methods.is_some(),
        }
    }

    fn start_list(&mut self, list: List) {
        match list {
            List::Invoices => {
                self.invoices = Some(Vec::with_capacity(self.capacity_hint));
            }
            List::PaymentMethods => self.payment_methods = Some(Vec::new()),
        }
    }

    fn set_list_empty(&mut self, list: List) {
        match list {
            List::Invoices => self.invoices = Some(Vec::new()),
            List::PaymentMethods => self.payment_methods = Some(Vec::new()),
        }
    }

    /// One element of `list`, decoded and kept.
    fn element(&mut self, list: List, finished: bool) -> Result<Step, DecodeError> {
        let (len, limit, what) = match list {
            List::Invoices => (
                self.invoices.as_ref().map_or(0, Vec::len),
                self.limits.invoices,
                Invoice::WHAT,
            ),
            List::PaymentMethods => (
                self.payment_methods.as_ref().map_or(0, Vec::len),
                self.limits.payment_methods,
                PaymentMethod::WHAT,
            ),
        };
        if len >= limit {
            return Err(DecodeError::TooMany { what, limit });
        }
        let path = format!("{}[{len}]", list.key());
        let start = self.pos;
        let decoded = match list {
            List::Invoices => self
                .value::<Object<WireInvoice<'_>>>(finished, Some(&path))?
                .map(|Object(wire)| Item::Invoice(wire.into_invoice())),
            List::PaymentMethods => self
                .value::<Object<WirePaymentMethod<'_>>>(finished, Some(&path))?
                .map(|Object(wire)| Item::PaymentMethod(wire.into_payment_method())),
        };
        let Some(item) = decoded else {
            return Ok(Step::NeedMore);
        };
        let fixed = match item {
            Item::Invoice(_) => std::mem::size_of::<Invoice>(),
            Item::PaymentMethod(_) => std::mem::size_of::<PaymentMethod>(),
        };
        self.count_memory(fixed + (self.pos - start), len)?;
        self.hold_one_more()?;
        match item {
            Item::Invoice(invoice) => self.invoices.get_or_insert_with(Vec::new).push(invoice),
            Item::PaymentMethod(method) => self
                .payment_methods
                .get_or_insert_with(Vec::new)
                .push(method),
        }
        self.state = State::AfterElement(list);
        Ok(Step::Moved)
    }

    /// Counts `bytes` more of decoded memory, failing when the body has decoded to more than
    /// [`INFLATION_LIMIT`] times its size (past [`INFLATION_FREE_BYTES`]).
    fn count_memory(&mut self, bytes: usize, list_len: usize) -> Result<(), DecodeError> {
        self.decoded = self.decoded.saturating_add(bytes);
        let allowed = usize::try_from(self.received)
            .unwrap_or(usize::MAX)
            .saturating_mul(INFLATION_LIMIT)
            .max(INFLATION_FREE_BYTES);
        if self.decoded <= allowed {
            return Ok(());
        }
        let other = match self.state {
            State::FirstElement(List::Invoices) | State::Element(List::Invoices) => {
                self.payment_methods.as_ref().map_or(0, Vec::len)
            }
            _ => self.invoices.as_ref().map_or(0, Vec::len),
        };
        Err(DecodeError::Inflated {
            items: list_len + 1 + other,
            bytes: self.received,
        })
    }

    /// Counts one more item against the budget, reserving a block at a time.
    fn hold_one_more(&mut self) -> Result<(), DecodeError> {
        let Some(budget) = &self.budget else {
            return Ok(());
        };
        let held = self.invoices.as_ref().map_or(0, Vec::len)
            + self.payment_methods.as_ref().map_or(0, Vec::len);
        if held < self.lease.items() {
            return Ok(());
        }
        let Some(more) = budget.reserve(BUDGET_BLOCK) else {
            return Err(DecodeError::OverBudget {
                items: held + BUDGET_BLOCK,
                held: budget.held(),
                limit: budget.limit(),
            });
        };
        self.lease.absorb(more);
        Ok(())
    }

    /// Reads one value of type `T` at the current position. `Ok(None)` when the text ends
    /// inside it (or right after a number or literal, which more text could extend).
    /// An error names `path` (the top level when `None`) and its place in the whole body.
    fn value<'s, T: Deserialize<'s>>(
        &'s mut self,
        finished: bool,
        path: Option<&str>,
    ) -> Result<Option<T>, DecodeError> {
        let start = self.pos;
        let rest = &self.text[start..];
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<T>();
        match values.next() {
            Some(Ok(value)) => {
                let end = values.byte_offset();
                // A number or literal at the end of the text may go on in the next chunk.
                let delimited = matches!(rest.as_bytes().first(), Some(b'{' | b'[' | b'"'));
                if end == rest.len() && !finished && !delimited {
                    return Ok(None);
                }
                self.pos = start + end;
                Ok(Some(value))
            }
            // A number cut by the end of the text reads as a shorter number, which may be of
            // the wrong kind or size only because it is cut: an error at the very end waits
            // for more text too.
            Some(Err(error)) if !finished && (error.is_eof() || at_end(rest, &error)) => Ok(None),
            None if !finished => Ok(None),
            // The text stops at a byte that is not UTF-8, inside this value.
            Some(Err(error)) if self.not_utf8 && error.is_eof() => Err(self.not_utf8_error()),
            None if self.not_utf8 => Err(self.not_utf8_error()),
            Some(Err(_)) | None => Err(self.explain_value::<T>(start, path)),
        }
    }

    /// The error of the value at `start`, with its field path, placed in the whole body.
    fn explain_value<'s, T: Deserialize<'s>>(
        &'s self,
        start: usize,
        path: Option<&str>,
    ) -> DecodeError {
        let rest = &self.text[start..];
        let mut deserializer = serde_json::Deserializer::from_str(rest);
        let (inner, error) = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
            Ok(_) => return self.syntax_at(start, "expected value"),
            Err(error) => {
                let inner = error.path().to_string();
                (inner, error.into_inner())
            }
        };
        let full = match (path, inner.as_str()) {
            (None, "." | "") => None,
            (None, inner) => Some(inner.to_owned()),
            (Some(path), "." | "") => Some(path.to_owned()),
            (Some(path), inner) if inner.starts_with('[') => Some(format!("{path}{inner}")),
            (Some(path), inner) => Some(format!("{path}.{inner}")),
        };
        let origin = self.position_at(start);
        let (line, column) = if error.line() <= 1 {
            (origin.line, origin.column + error.column())
        } else {
            (origin.line + error.line() - 1, error.column())
        };
        classify(full.as_deref(), &error, line, column)
    }

    fn syntax(&self, detail: &str) -> DecodeError {
        self.syntax_at(self.pos, detail)
    }

    fn syntax_at(&self, at: usize, detail: &str) -> DecodeError {
        let at = self.position_at(at);
        DecodeError::Malformed {
            detail: detail.to_owned(),
            line: at.line,
            column: at.column + 1,
        }
    }

    fn not_utf8_error(&self) -> DecodeError {
        let at = self.position_at(self.text.len());
        DecodeError::Malformed {
            detail: "the text is not valid UTF-8".to_owned(),
            line: at.line,
            column: at.column + 1,
        }
    }

    /// The position in the body of byte `at` of `text`.
    fn position_at(&self, at: usize) -> Position {
        advance(
            self.origin,
            &self.text.as_bytes()[..at.min(self.text.len())],
        )
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        let bytes = self.text.as_bytes();
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = bytes.get(self.pos) {
            self.pos += 1;
        }
    }
}

enum Item {
    Invoice(Invoice),
    PaymentMethod(PaymentMethod),
}

/// Whether serde_json's `error` in `text` is at its last byte or past it.
fn at_end(text: &str, error: &serde_json::Error) -> bool {
    let line_start = match error.line() {
        0 | 1 => Some(0),
        line => text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(line - 2)
            .map(|(index, _)| index + 1),
    };
    line_start.is_some_and(|start| start + error.column() + 1 >= text.len())
}

/// `position` moved past `bytes`.
fn advance(position: Position, bytes: &[u8]) -> Position {
    match bytes.iter().rposition(|&b| b == b'\n') {
        Some(last) => Position {
            line: position.line + bytes.iter().filter(|&&b| b == b'\n').count(),
            column: bytes.len() - last - 1,
        },
        None => Position {
            line: position.line,
            column: position.column + bytes.len(),
        },
    }
}

fn shrunk<T>(list: Option<Vec<T>>) -> Vec<T> {
    let mut list = list.unwrap_or_default();
    list.shrink_to_fit();
    list
}

/// `null` or an array, with the whole-body decoder's words for anything else ("expected an
/// array"). Only reached for a value that does not start with `[`.
struct NullOrList;

impl<'de> Deserialize<'de> for NullOrList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor;
        impl<'de> Visitor<'de> for ListVisitor {
            type Value = NullOrList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NullOrList, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(NullOrList)
            }
        }
        struct OptionVisitor;
        impl<'de> Visitor<'de> for OptionVisitor {
            type Value = NullOrList;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array")
            }
            fn visit_none<E: de::Error>(self) -> Result<NullOrList, E> {
                Ok(NullOrList)
            }
            fn visit_unit<E: de::Error>(self) -> Result<NullOrList, E> {
                Ok(NullOrList)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<NullOrList, D::Error> {
                d.deserialize_seq(ListVisitor)
            }
        }
        deserializer.deserialize_option(OptionVisitor)
    }
}
