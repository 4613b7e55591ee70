use std::time::Instant;

use billing_stub::{StubConfig, huge_json};

use crate::common::{fixed_now, get, get_ok_bytes, get_ok_json, invoices, stub, stub_with};

#[tokio::test]
async fn huge_1000_has_1000_distinct_invoices_of_about_520_bytes() {
    let stub = stub().await;
    let bytes = get_ok_bytes(&stub, "huge-1000").await;
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let list = invoices(&body);
    assert_eq!(list.len(), 1000, "huge-N has exactly N invoices");
    let ids: std::collections::HashSet<&str> =
        list.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 1000, "ids are unique");
    let per_invoice = bytes.len() / 1000;
    assert!(
        (480..=560).contains(&per_invoice),
        "about 520 bytes per invoice, got {per_invoice}"
    );
    assert!(
        !body["paymentMethods"].as_array().unwrap().is_empty(),
        "payment methods too"
    );
}

#[tokio::test]
async fn huge_0_is_an_empty_list() {
    let stub = stub().await;
    assert!(invoices(&get_ok_json(&stub, "huge-0").await).is_empty());
}

#[test]
fn huge_json_is_pure_and_parses() {
    let a = huge_json(500, fixed_now(), "http://127.0.0.1:1");
    assert_eq!(
        a,
        huge_json(500, fixed_now(), "http://127.0.0.1:1"),
        "same arguments, same bytes"
    );
    let body: serde_json::Value = serde_json::from_slice(&a).expect("hand-written JSON is valid");
    for invoice in invoices(&body) {
        assert_eq!(
            invoice["amountRemaining"].as_i64().unwrap() + invoice["amountPaid"].as_i64().unwrap(),
            if invoice["status"] == "void" {
                0
            } else {
                invoice["total"].as_i64().unwrap()
            },
            "amounts add up in {invoice}"
        );
    }
}

#[tokio::test]
async fn a_second_request_comes_from_the_cache() {
    let stub = stub().await;
    stub.set_now(Some(fixed_now()));
    let first = get_ok_bytes(&stub, "huge-20000").await;
    let started = Instant::now();
    let second = get_ok_bytes(&stub, "huge-20000").await;
    assert_eq!(first, second, "cached bytes are the same bytes");
    assert_eq!(
        first,
        huge_json(20_000, fixed_now(), &stub.base_url()),
        "and equal the generator's"
    );
    assert!(started.elapsed().as_secs() < 5, "a cached answer is quick");
}

fn fnv(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    })
}

#[tokio::test]
async fn beyond_the_cache_the_body_streams_the_same_bytes() {
    // A small cache limit, so the body past it is a few hundred kB in a debug build.
    let stub = stub_with(StubConfig {
        huge_cache_up_to: 1_000,
        ..StubConfig::default()
    })
    .await;
    stub.set_now(Some(fixed_now()));
    let count = 1_001;
    let mut response = get(&stub, &format!("huge-{count}")).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.content_length(),
        None,
        "streamed bodies are chunked"
    );
    let (mut hash, mut length) = (0xcbf2_9ce4_8422_2325, 0);
    while let Some(chunk) = response.chunk().await.unwrap() {
        hash = fnv(hash, &chunk);
        length += chunk.len();
    }
    let expected = huge_json(count, fixed_now(), &stub.base_url());
    assert_eq!(
        length,
        expected.len(),
        "streaming sends the same number of bytes"
    );
    assert_eq!(
        hash,
        fnv(0xcbf2_9ce4_8422_2325, &expected),
        "and the same bytes"
    );
}

#[tokio::test]
async fn an_absurd_n_is_demo_data() {
    let stub = stub().await;
    let body = get_ok_json(&stub, "huge-99999999999").await;
    assert!(
        invoices(&body).len() < 100,
        "beyond the maximum the id is an ordinary org"
    );
}
