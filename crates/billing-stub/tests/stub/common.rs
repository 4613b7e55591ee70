use billing_stub::{StubConfig, StubHandle, spawn};
use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

/// A fixed instant so expected bytes can be computed with the pure generators.
pub fn fixed_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 15, 13, 45, 0)
        .single()
        .unwrap()
}

pub async fn stub() -> StubHandle {
    stub_with(StubConfig::default()).await
}

pub async fn stub_with(config: StubConfig) -> StubHandle {
    spawn(config)
        .await
        .expect("the stub binds a free loopback port")
}

/// A client that does not follow redirects, so tests see the 302 itself.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

pub fn details_url(base: &str, org: &str) -> String {
    format!("{base}/v1/organizations/{org}/stripe/billing-details")
}

pub async fn get(stub: &StubHandle, org: &str) -> reqwest::Response {
    client()
        .get(details_url(&stub.base_url(), org))
        .send()
        .await
        .expect("the stub answers on loopback")
}

/// GET, assert 200 + JSON content type, and return the raw body.
pub async fn get_ok_bytes(stub: &StubHandle, org: &str) -> Vec<u8> {
    let response = get(stub, org).await;
    assert_eq!(
        response.status(),
        200,
        "org {org} should be answered with data"
    );
    assert_eq!(
        response.headers()["content-type"],
        "application/json",
        "the API answers JSON"
    );
    response.bytes().await.unwrap().to_vec()
}

pub async fn get_ok_json(stub: &StubHandle, org: &str) -> Value {
    serde_json::from_slice(&get_ok_bytes(stub, org).await).expect("the body is valid JSON")
}

/// The `error.message` of a JSON error body.
pub async fn error_message(response: reqwest::Response) -> String {
    let body: Value =
        serde_json::from_slice(&response.bytes().await.unwrap()).expect("errors are JSON bodies");
    body["error"]["message"]
        .as_str()
        .expect("errors have error.message as a string")
        .to_owned()
}

pub fn invoices(body: &Value) -> &Vec<Value> {
    body["invoices"].as_array().expect("invoices is an array")
}

pub fn payment_methods(body: &Value) -> &Vec<Value> {
    body["paymentMethods"]
        .as_array()
        .expect("paymentMethods is an array")
}
