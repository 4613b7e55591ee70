//! The streamed decode reads exactly what the whole-body decode reads, whatever the chunks:
//! every fixture, every prefix of a realistic body, and bodies changed at random, each cut
//! into chunks of many sizes, give the same details or the same kind of error at the same
//! field path (for a body that is not UTF-8: both fail).

use billing_core::model::{
    BillingDetails, DecodeError, ItemBudget, ListLimits, StreamDecoder, decode_billing_details,
    decode_billing_details_within,
};
use billing_stub::test_rng::CrashRng;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/core/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {path}: {e}"))
}

/// `body` decoded by a [`StreamDecoder`] fed chunks of the sizes `sizes` gives, in turn.
fn streamed(
    body: &[u8],
    limits: ListLimits,
    sizes: &mut dyn FnMut() -> usize,
) -> Result<BillingDetails, DecodeError> {
    let mut decoder = StreamDecoder::within(limits, Some(body.len() as u64));
    let mut rest = body;
    while !rest.is_empty() {
        let (chunk, tail) = rest.split_at(sizes().clamp(1, rest.len()));
        if let Err(error) = decoder.push(chunk) {
            // Once failed, the decoder keeps saying so.
            assert_eq!(decoder.push(b" ").unwrap_err(), error);
            return Err(error);
        }
        rest = tail;
    }
    decoder.finish().map(|(details, _lease)| details)
}

/// The kind of an error, without its words and position.
fn kind(error: &DecodeError) -> String {
    match error {
        DecodeError::Malformed { .. } => "malformed".into(),
        DecodeError::Truncated { .. } => "truncated".into(),
        DecodeError::TooMany { what, .. } => format!("too many {what}"),
        DecodeError::OverBudget { .. } => "over budget".into(),
        DecodeError::Inflated { .. } => "inflated".into(),
        DecodeError::UnexpectedValue { path, .. } => format!("unexpected value at {path}"),
    }
}

/// Asserts the streamed decode of `body` agrees with the whole-body decode for chunk sizes
/// 1, 2, 3, 7, 64, 4096, the whole body, and random ones.
fn agrees(body: &[u8], limits: ListLimits, rng: &mut CrashRng, what: &str) {
    let whole = decode_billing_details_within(body, limits);
    let fixed: [usize; 6] = [1, 2, 3, 7, 64, 4096];
    let mut plans: Vec<Box<dyn FnMut() -> usize>> = fixed
        .iter()
        .map(|&n| Box::new(move || n) as Box<dyn FnMut() -> usize>)
        .collect();
    plans.push(Box::new(|| usize::MAX));
    let seed = rng.next_u64();
    let mut own = CrashRng::with_seed(seed);
    plans.push(Box::new(move || 1 + below(&mut own, 300)));
    for (plan, sizes) in plans.iter_mut().enumerate() {
        let got = streamed(body, limits, sizes.as_mut());
        match (&whole, &got) {
            (Ok(a), Ok(b)) => assert!(a == b, "{what}, plan {plan}: different details"),
            // A body that is not UTF-8 fails both ways; which of its problems is named first
            // may differ (the whole-body decode skips bytes inside ignored values).
            (Err(_), Err(_)) if std::str::from_utf8(body).is_err() => {}
            (Err(a), Err(b)) => {
                assert!(
                    kind(a) == kind(b),
                    "{what}, plan {plan}: whole {a:?} / streamed {b:?}\nbody: {}",
                    String::from_utf8_lossy(body)
                );
                if let DecodeError::UnexpectedValue { line, column, .. } = a {
                    assert_eq!(
                        (b_line(b), b_column(b)),
                        (Some(*line), Some(*column)),
                        "{what}, plan {plan}: the same position: {a:?} / {b:?}"
                    );
                }
            }
            _ => panic!(
                "{what}, plan {plan}: whole {whole:?} / streamed {got:?}\nbody: {}",
                String::from_utf8_lossy(body)
            ),
        }
    }
}

fn b_line(error: &DecodeError) -> Option<usize> {
    match error {
        DecodeError::UnexpectedValue { line, .. } => Some(*line),
        _ => None,
    }
}

fn b_column(error: &DecodeError) -> Option<usize> {
    match error {
        DecodeError::UnexpectedValue { column, .. } => Some(*column),
        _ => None,
    }
}

fn below(rng: &mut CrashRng, n: u64) -> usize {
    (rng.next_u64() % n.max(1)) as usize
}

const FIXTURES: [&str; 18] = [
    "big_int.json",
    "doc_example.json",
    "escaped_strings.json",
    "float_amount.json",
    "huge_int.json",
    "i64_extremes.json",
    "malformed.json",
    "missing_fields.json",
    "negative_big_int.json",
    "null_arrays.json",
    "nulls.json",
    "realistic.json",
    "top_level_array.json",
    "trailing_garbage.json",
    "truncated.json",
    "unknown_values.json",
    "wrong_type_amount.json",
    "wrong_type_payment_method.json",
];

#[test]
fn every_fixture_decodes_the_same_in_any_chunks() {
    let mut rng = CrashRng::with_seed(11);
    for name in FIXTURES {
        agrees(&fixture(name), ListLimits::default(), &mut rng, name);
    }
}

#[test]
fn edge_cases_of_the_top_level_object_decode_the_same() {
    let bodies: [&[u8]; 24] = [
        b"",
        b"   ",
        b"{}",
        b" { } ",
        b"[]",
        b"null",
        b"12",
        b"\"text\"",
        b"\xef\xbb\xbf{}",
        br#"{"invoices": null, "paymentMethods": null}"#,
        br#"{"invoices": [], "invoices": []}"#,
        br#"{"paymentMethods": [], "paymentMethods": null}"#,
        br#"{"invoices": {}}"#,
        br#"{"invoices": "none"}"#,
        br#"{"invoices": 12}"#,
        br#"{"invoices": [null]}"#,
        br#"{"invoices": [[]]}"#,
        br#"{"invoices": [{}],}"#,
        br#"{"invoices": [{},]}"#,
        br#"{"invoices" [{}]}"#,
        br#"{"invoices": [{}] "x": 1}"#,
        br#"{1: 2}"#,
        br#"{"a": 1} {"b": 2}"#,
        br#"{"a": tru}"#,
    ];
    let mut rng = CrashRng::with_seed(10);
    for body in bodies {
        agrees(
            body,
            ListLimits::default(),
            &mut rng,
            &String::from_utf8_lossy(body),
        );
    }
}

#[test]
fn every_prefix_of_a_realistic_body_fails_or_decodes_the_same() {
    let body = fixture("realistic.json");
    let mut rng = CrashRng::with_seed(12);
    for end in 0..body.len() {
        agrees(
            &body[..end],
            ListLimits::default(),
            &mut rng,
            &format!("prefix {end}"),
        );
    }
}

#[test]
fn bodies_changed_at_random_decode_the_same() {
    let sources: Vec<Vec<u8>> = [
        "realistic.json",
        "escaped_strings.json",
        "unknown_values.json",
    ]
    .iter()
    .map(|name| fixture(name))
    .collect();
    // Bytes that change the JSON's structure, and a few that are not UTF-8.
    let alphabet = b"{}[],:\"\\ 0-1.e nulltrue x\n\xc3\xa9\xff\xe2\x82";
    let mut rng = CrashRng::with_seed(13);
    for round in 0..3_000 {
        let mut body = sources[round % sources.len()].clone();
        for _ in 0..=below(&mut rng, 3) {
            let at = below(&mut rng, body.len() as u64 + 1);
            match below(&mut rng, 3) {
                0 if at < body.len() => {
                    body.remove(at);
                }
                1 if at < body.len() => {
                    body[at] = alphabet[below(&mut rng, alphabet.len() as u64)];
                }
                _ => body.insert(at, alphabet[below(&mut rng, alphabet.len() as u64)]),
            }
        }
        agrees(
            &body,
            ListLimits::default(),
            &mut rng,
            &format!("round {round}"),
        );
    }
}

#[test]
fn a_value_spread_over_many_chunks_is_read_whole() {
    // A number cut after each digit, a literal cut inside, a long unknown value and a key
    // with escapes: each must be read as one value, not as the part that arrived first.
    let long = "y".repeat(100_000);
    let body = format!(
        r#"{{"other": {{"deep": [1, 2, {{"x": "{long}"}}]}}, "inv\u006fices": [{{"id": "in_1", "total": 1234567, "amountDue": null}}], "flag": true, "n": 98765}}"#
    );
    let details = streamed(body.as_bytes(), ListLimits::default(), &mut || 1).unwrap();
    assert_eq!(details.invoices.len(), 1);
    assert_eq!(details.invoices[0].total, Some(1_234_567));
    assert_eq!(details, decode_billing_details(body.as_bytes()).unwrap());
}

#[test]
fn a_list_past_its_limit_stops_the_streamed_decode() {
    let body = br#"{"invoices": [{}, {}, {}], "paymentMethods": [{}]}"#;
    let limits = ListLimits {
        invoices: 2,
        payment_methods: 5,
    };
    let error = streamed(body, limits, &mut || 5).unwrap_err();
    assert_eq!(
        error,
        DecodeError::TooMany {
            what: "invoices",
            limit: 2
        }
    );
}

#[test]
fn the_streamed_decode_holds_its_items_against_the_budget() {
    let mut body = String::from(r#"{"invoices": ["#);
    for i in 0..5_000 {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(r#"{{"id": "in_{i}"}}"#));
    }
    body.push_str("]}");

    let budget = ItemBudget::new(100_000);
    let mut decoder = StreamDecoder::new(None).with_budget(budget.clone());
    for chunk in body.as_bytes().chunks(1_000) {
        decoder.push(chunk).unwrap();
    }
    let (details, lease) = decoder.finish().unwrap();
    assert_eq!(details.invoices.len(), 5_000);
    assert_eq!(
        lease.items(),
        5_000,
        "the lease holds exactly what was decoded"
    );
    assert_eq!(budget.held(), 5_000);
    drop(lease);
    assert_eq!(budget.held(), 0, "and gives it back when dropped");

    let small = ItemBudget::new(4_500);
    let mut decoder = StreamDecoder::new(None).with_budget(small.clone());
    let error = body
        .as_bytes()
        .chunks(1_000)
        .find_map(|chunk| decoder.push(chunk).err())
        .unwrap();
    assert!(matches!(error, DecodeError::OverBudget { .. }), "{error:?}");
    assert_eq!(small.held(), 0, "a refused decode holds nothing");
}
