//! Batch fetch throughput: 200 organizations from the stub at 20 ms latency per request,
//! 8 at a time.
//!
//! Target: within 1.5 x (200 / 8) x 20 ms = 750 ms. The ideal is 500 ms (25
//! rounds of 8 requests); the rest is HTTP, decoding and scheduling overhead.
//!
//! Run with `cargo bench -p billing-core --bench batch`. Before criterion's own report, a
//! few timed runs are printed against the target so the figure is easy to quote.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use billing_core::batch::{BatchOptions, fetch_batch};
use billing_core::client::{BillingClient, ClientConfig};
use billing_core::ids::OrgId;
use billing_core::secret::ApiToken;
use billing_stub::StubConfig;
use criterion::{Criterion, criterion_group, criterion_main};
use tokio_util::sync::CancellationToken;

const ORGS: usize = 200;
const CONCURRENCY: usize = 8;
const LATENCY: Duration = Duration::from_millis(20);
const TOKEN: &str = "bench-token";

fn target() -> Duration {
    // 1.5 x (200 / 8) x 20 ms, in whole rounds.
    let rounds = u32::try_from(ORGS.div_ceil(CONCURRENCY)).unwrap_or(u32::MAX);
    LATENCY * rounds * 3 / 2
}

fn orgs() -> Vec<OrgId> {
    (0..ORGS)
        .map(|i| OrgId::parse(&format!("bench-org-{i}")).unwrap())
        .collect()
}

async fn run_batch(client: &BillingClient, orgs: Vec<OrgId>) -> usize {
    let results = fetch_batch(
        client,
        orgs,
        BatchOptions {
            concurrency: CONCURRENCY,
        },
        |_, _: &_| {},
        CancellationToken::new(),
    )
    .await;
    let ok = results.iter().filter(|r| r.result.is_ok()).count();
    assert_eq!(
        ok, ORGS,
        "every org must succeed for the timing to mean anything"
    );
    ok
}

fn batch(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    let (stub, client) = runtime.block_on(async {
        let stub = billing_stub::spawn(StubConfig {
            token: Some(TOKEN.into()),
            latency: LATENCY,
            ..Default::default()
        })
        .await
        .expect("the stub starts");
        let config = ClientConfig::from_base_url(&stub.base_url()).unwrap();
        let client = BillingClient::new(config, ApiToken::new(TOKEN).unwrap()).unwrap();
        (stub, client)
    });

    // Warm the connection pool, then time a few runs by hand for the report.
    runtime.block_on(run_batch(&client, orgs()));
    let mut runs: Vec<Duration> = (0..5)
        .map(|_| {
            let started = Instant::now();
            runtime.block_on(run_batch(&client, orgs()));
            started.elapsed()
        })
        .collect();
    runs.sort_unstable();
    let median = runs[runs.len() / 2];
    println!(
        "batch {ORGS} orgs x {LATENCY:?} latency, concurrency {CONCURRENCY}: median {median:?} \
         (min {:?}, max {:?}); target < {:?}, ideal {:?} -> {}",
        runs[0],
        runs[runs.len() - 1],
        target(),
        target() * 2 / 3,
        if median < target() {
            "OK"
        } else {
            "OVER TARGET"
        }
    );

    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("200_orgs_20ms_latency_concurrency_8", |b| {
        b.to_async(&runtime).iter(|| run_batch(&client, orgs()));
    });
    group.finish();
    drop(stub);
}

criterion_group!(benches, batch);
criterion_main!(benches);
