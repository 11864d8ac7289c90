//! Profiles (sizes, determinism) and whole runs against a tiny local OTLP server that answers
//! what each test scripts: 200, 503 with Retry-After, partial success, gRPC UNAVAILABLE with
//! RetryInfo.
#![allow(clippy::disallowed_methods)] // the test server reads small test bodies whole

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use clap::Parser;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use ophion_core::otlp::collector::trace::v1::{
    ExportTracePartialSuccess, ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use prost::Message as _;

use crate::cli::Cli;
use crate::pool::{self, PoolSpec};
use crate::profile::{Message, Profile, Rng, Vocabulary, generate};
use crate::report::percentile;
use crate::run::run;
use crate::transport::{Protocol, encode_retry_info, rejected_json, retry_info_delay};

fn encoded_len(message: &Message) -> usize {
    pool::encode(message, false).unwrap().len()
}

/// Average encoded bytes per item of a 512-item request.
fn bytes_per_item(profile: Profile) -> f64 {
    let mut rng = Rng::new(7);
    let vocab = Vocabulary::new(profile, &mut rng);
    let g = generate(profile, &vocab, &mut rng, 512, 1_700_000_000_000_000_000);
    encoded_len(&g.message) as f64 / g.items as f64
}

fn assert_near(actual: f64, target: f64, what: &str) {
    assert!(
        (actual - target).abs() <= target * 0.25,
        "{what}: {actual:.0} bytes, documented {target:.0} ± 25%"
    );
}

#[test]
fn span_profiles_have_the_documented_sizes() {
    assert_near(bytes_per_item(Profile::P0), 90.0, "P0");
    assert_near(bytes_per_item(Profile::P1), 540.0, "P1");
    assert_near(bytes_per_item(Profile::P2), 1300.0, "P2");
}

#[test]
fn p1_spans_have_the_documented_shape() {
    let mut rng = Rng::new(3);
    let vocab = Vocabulary::new(Profile::P1, &mut rng);
    let Message::Traces(req) = generate(Profile::P1, &vocab, &mut rng, 100, 1 << 60).message else {
        panic!("P1 is traces");
    };
    let rs = &req.resource_spans[0];
    assert_eq!(rs.resource.as_ref().unwrap().attributes.len(), 5);
    let span = &rs.scope_spans[0].spans[0];
    assert_eq!(span.attributes.len(), 10);
    let strings = span
        .attributes
        .iter()
        .filter(|kv| {
            matches!(
                kv.value.as_ref().and_then(|v| v.value.as_ref()),
                Some(ophion_core::otlp::common::v1::any_value::Value::StringValue(_))
            )
        })
        .count();
    assert_eq!(strings, 7);
    assert_eq!(span.events.len(), 1);
    assert!(span.status.is_some());
    let spans: usize = req.resource_spans.iter().map(|r| r.scope_spans[0].spans.len()).sum();
    assert_eq!(spans, 100);
}

#[test]
fn log_records_are_about_300_bytes_and_1_kb() {
    let mut rng = Rng::new(11);
    let vocab = Vocabulary::new(Profile::L1, &mut rng);
    let Message::Logs(req) = generate(Profile::L1, &vocab, &mut rng, 64, 1 << 60).message else {
        panic!("L1 is logs");
    };
    let records = &req.resource_logs[0].scope_logs[0].log_records;
    for (i, record) in records.iter().enumerate() {
        let target = if i % 2 == 1 { 1000.0 } else { 300.0 };
        assert_near(record.encoded_len() as f64, target, &format!("log record {i}"));
    }
}

#[test]
fn a_seed_gives_the_same_requests_and_another_seed_different_ones() {
    let spec = |seed| PoolSpec {
        profile: Profile::P1,
        seed,
        items_per_request: 100,
        requests: 3,
        protocol: Protocol::HttpProtobuf,
        gzip: false,
    };
    let ids =
        |seed| pool::build(&spec(seed)).unwrap().into_iter().map(|r| r.ids).collect::<Vec<_>>();
    let names = |seed| {
        pool::build(&spec(seed))
            .unwrap()
            .iter()
            .map(|r| {
                let req = ExportTraceServiceRequest::decode(r.body.clone()).unwrap();
                let mut req = req;
                // Timestamps come from the clock; everything else from the seed.
                for rs in &mut req.resource_spans {
                    for s in &mut rs.scope_spans[0].spans {
                        s.start_time_unix_nano = 0;
                        s.end_time_unix_nano = 0;
                        for e in &mut s.events {
                            e.time_unix_nano = 0;
                        }
                    }
                }
                req.encode_to_vec()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(42), ids(42));
    assert_eq!(names(42), names(42));
    assert_ne!(ids(42), ids(43));
    let all: Vec<_> = ids(42).into_iter().flatten().collect();
    let distinct: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!(distinct.len(), 300, "every span id in the pool is distinct");
}

#[test]
fn every_profile_encodes_as_json_and_gzip() {
    for profile in [Profile::P0, Profile::P1, Profile::P2, Profile::L1, Profile::M1] {
        for protocol in [Protocol::Grpc, Protocol::HttpProtobuf, Protocol::HttpJson] {
            let pool = pool::build(&PoolSpec {
                profile,
                seed: 1,
                items_per_request: 10,
                requests: 2,
                protocol,
                gzip: true,
            })
            .unwrap();
            assert_eq!(pool.len(), 2);
            assert!(pool.iter().all(|r| r.items == 10 && !r.body.is_empty()));
        }
    }
}

#[test]
fn percentiles_are_nearest_rank() {
    let values: Vec<u64> = (1..=100).collect();
    assert_eq!(percentile(&values, 0.5), 50);
    assert_eq!(percentile(&values, 0.99), 99);
    assert_eq!(percentile(&values, 1.0), 100);
    assert_eq!(percentile(&[], 0.5), 0);
}

#[test]
fn retry_info_round_trips_and_json_partial_success_is_read() {
    let bin = encode_retry_info(14, Duration::from_millis(1500));
    assert_eq!(retry_info_delay(&bin), Some(Duration::from_millis(1500)));
    assert_eq!(rejected_json(br#"{"partialSuccess":{"rejectedSpans":"3"}}"#), 3);
    assert_eq!(rejected_json(br#"{"partialSuccess":{"rejectedLogRecords":2}}"#), 2);
    assert_eq!(rejected_json(b"{}"), 0);
}

/// What the scripted server saw.
#[derive(Default)]
struct Seen {
    arrivals: Vec<Instant>,
    span_ids: Vec<String>,
}

type Script = Arc<dyn Fn(usize) -> http::Response<Full<Bytes>> + Send + Sync>;

/// Serve HTTP/1.1 and h2c on 127.0.0.1:0; request `i` (from 0) is answered by `script(i)`.
async fn scripted_server(script: Script) -> (SocketAddr, Arc<Mutex<Seen>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Seen::default()));
    let seen2 = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else { return };
            let script = script.clone();
            let seen = seen2.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req: http::Request<Incoming>| {
                    let script = script.clone();
                    let seen = seen.clone();
                    async move {
                        let grpc = req.headers().get("content-type").unwrap() == "application/grpc";
                        let body = req.into_body().collect().await.unwrap().to_bytes();
                        let message = if grpc { body.slice(5..) } else { body };
                        let decoded = ExportTraceServiceRequest::decode(message).unwrap();
                        let i = {
                            let mut seen = seen.lock().unwrap();
                            seen.arrivals.push(Instant::now());
                            for rs in &decoded.resource_spans {
                                for s in &rs.scope_spans[0].spans {
                                    seen.span_ids.push(hex::encode(&s.span_id));
                                }
                            }
                            seen.arrivals.len() - 1
                        };
                        Ok::<_, std::convert::Infallible>(script(i))
                    }
                });
                let _ = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (addr, seen)
}

fn ok_response(rejected: i64) -> http::Response<Full<Bytes>> {
    let body = ExportTraceServiceResponse {
        partial_success: (rejected > 0).then(|| ExportTracePartialSuccess {
            rejected_spans: rejected,
            error_message: "scripted".into(),
        }),
    };
    http::Response::builder()
        .status(200)
        .header("content-type", "application/x-protobuf")
        .body(Full::new(Bytes::from(body.encode_to_vec())))
        .unwrap()
}

fn status_response(status: u16, retry_after: Option<&str>) -> http::Response<Full<Bytes>> {
    let mut b = http::Response::builder().status(status);
    if let Some(r) = retry_after {
        b = b.header("retry-after", r);
    }
    b.body(Full::new(Bytes::new())).unwrap()
}

fn cli(addr: SocketAddr, extra: &[&str]) -> Cli {
    let endpoint = format!("http://{addr}");
    let mut args = vec!["ophion-loadgen", "--endpoint", &endpoint, "--protocol", "http-protobuf"];
    args.extend_from_slice(extra);
    Cli::try_parse_from(args).unwrap()
}

#[tokio::test]
async fn acknowledged_items_are_counted_and_their_ids_written() {
    let (addr, seen) = scripted_server(Arc::new(|_| ok_response(0))).await;
    let dir = std::env::temp_dir().join(format!("loadgen-ids-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ids_path = dir.join("ids.txt");
    let ids_arg = ids_path.to_str().unwrap().to_string();
    let args =
        ["--items", "1000", "--items-per-request", "100", "--pool", "4", "--ids-file", &ids_arg];
    let summary = run(cli(addr, &args).into_config()).await.unwrap();
    assert_eq!((summary.requests, summary.sent, summary.acked), (10, 1000, 1000));
    assert_eq!((summary.rejected, summary.failed, summary.retries), (0, 0, 0));
    assert_eq!(summary.latencies_us.len(), 10);
    let written = std::fs::read_to_string(&ids_path).unwrap();
    let mut written: Vec<&str> = written.lines().collect();
    let mut received = seen.lock().unwrap().span_ids.clone();
    assert_eq!(written.len(), 1000);
    written.sort_unstable();
    received.sort_unstable();
    assert_eq!(written, received, "the ids file holds exactly the span ids the server took");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn a_503_is_retried_after_its_retry_after() {
    let (addr, seen) = scripted_server(Arc::new(|i| {
        if i == 0 { status_response(503, Some("1")) } else { ok_response(0) }
    }))
    .await;
    let args = ["--items", "100", "--items-per-request", "100", "--in-flight", "1"];
    let summary = run(cli(addr, &args).into_config()).await.unwrap();
    assert_eq!((summary.sent, summary.acked, summary.failed, summary.retries), (100, 100, 0, 1));
    let seen = seen.lock().unwrap();
    assert_eq!(seen.arrivals.len(), 2);
    let gap = seen.arrivals[1] - seen.arrivals[0];
    assert!(gap >= Duration::from_millis(950), "retried after {gap:?}, Retry-After was 1 s");
}

#[tokio::test]
async fn retries_stop_at_the_attempt_cap_and_count_as_failed() {
    let (addr, seen) = scripted_server(Arc::new(|_| status_response(429, Some("0")))).await;
    let args = ["--items", "200", "--items-per-request", "100", "--max-attempts", "3"];
    let summary = run(cli(addr, &args).into_config()).await.unwrap();
    assert_eq!((summary.sent, summary.acked, summary.failed, summary.retries), (200, 0, 200, 4));
    assert_eq!(seen.lock().unwrap().arrivals.len(), 6);
    assert_eq!(summary.errors.get("HTTP 429"), Some(&2));
    assert_eq!(summary.pushback.get("HTTP 429"), Some(&6), "every push-back is counted");
    assert_eq!(summary.pushback_without_delay, 0);
}

#[tokio::test]
async fn push_back_without_a_delay_is_counted() {
    let (addr, _) =
        scripted_server(Arc::new(
            |i| {
                if i == 0 { status_response(503, None) } else { ok_response(0) }
            },
        ))
        .await;
    let args = ["--items", "100", "--items-per-request", "100"];
    let summary = run(cli(addr, &args).into_config()).await.unwrap();
    assert_eq!((summary.acked, summary.pushback_without_delay), (100, 1));
}

#[tokio::test]
async fn a_400_is_not_retried() {
    let (addr, seen) = scripted_server(Arc::new(|_| status_response(400, None))).await;
    let args = ["--items", "100", "--items-per-request", "100"];
    let summary = run(cli(addr, &args).into_config()).await.unwrap();
    assert_eq!((summary.failed, summary.retries), (100, 0));
    assert_eq!(seen.lock().unwrap().arrivals.len(), 1);
}

#[tokio::test]
async fn partial_success_counts_rejected_items_and_leaves_their_ids_out() {
    let (addr, _) =
        scripted_server(Arc::new(|i| ok_response(if i % 2 == 0 { 3 } else { 0 }))).await;
    let dir = std::env::temp_dir().join(format!("loadgen-partial-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ids_path = dir.join("ids.txt");
    let ids_arg = ids_path.to_str().unwrap().to_string();
    let args = [
        "--items",
        "400",
        "--items-per-request",
        "100",
        "--in-flight",
        "1",
        "--ids-file",
        &ids_arg,
    ];
    let summary = run(cli(addr, &args).into_config()).await.unwrap();
    assert_eq!((summary.sent, summary.acked, summary.rejected), (400, 394, 6));
    assert_eq!(summary.partial_requests, 2);
    assert_eq!(summary.ids_written, Some(200));
    assert_eq!(std::fs::read_to_string(&ids_path).unwrap().lines().count(), 200);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn grpc_unavailable_is_retried_after_retry_info() {
    let (addr, seen) = scripted_server(Arc::new(|i| {
        let b = http::Response::builder().status(200).header("content-type", "application/grpc");
        if i == 0 {
            b.header("grpc-status", "14")
                .header(
                    "grpc-status-details-bin",
                    encode_retry_info(14, Duration::from_millis(300)),
                )
                .body(Full::new(Bytes::new()))
                .unwrap()
        } else {
            // A trailers-only style OK with an empty response message.
            b.header("grpc-status", "0")
                .body(Full::new(Bytes::from_static(&[0, 0, 0, 0, 0])))
                .unwrap()
        }
    }))
    .await;
    let endpoint = format!("http://{addr}");
    let cli = Cli::try_parse_from([
        "ophion-loadgen",
        "--endpoint",
        &endpoint,
        "--protocol",
        "grpc",
        "--items",
        "100",
        "--items-per-request",
        "100",
        "--profile",
        "p0",
    ])
    .unwrap();
    let summary = run(cli.into_config()).await.unwrap();
    assert_eq!((summary.acked, summary.failed, summary.retries), (100, 0, 1));
    let seen = seen.lock().unwrap();
    let gap = seen.arrivals[1] - seen.arrivals[0];
    assert!(gap >= Duration::from_millis(280), "retried after {gap:?}, RetryInfo was 300 ms");
}

#[tokio::test]
async fn a_fixed_rate_spaces_requests() {
    let (addr, seen) = scripted_server(Arc::new(|_| ok_response(0))).await;
    // 5 requests of 100 at 1000 items/s are due at 0, 100, …, 400 ms.
    let args = ["--items", "500", "--items-per-request", "100", "--rate", "1000"];
    let summary = run(cli(addr, &args).into_config()).await.unwrap();
    assert_eq!(summary.acked, 500);
    let seen = seen.lock().unwrap();
    let span = *seen.arrivals.last().unwrap() - seen.arrivals[0];
    assert!(span >= Duration::from_millis(380), "5 requests at 10/s arrived within {span:?}");
}

#[tokio::test]
async fn a_timed_run_ends_on_time_when_push_back_stalls_its_schedule() {
    let (addr, _) = scripted_server(Arc::new(|_| status_response(503, Some("1")))).await;
    // 10 requests are due within the 1 s run, but the first one retries for ~2 s.
    let args = [
        "--duration",
        "1s",
        "--rate",
        "1000",
        "--items-per-request",
        "100",
        "--in-flight",
        "1",
        "--max-attempts",
        "3",
    ];
    let summary = run(cli(addr, &args).into_config()).await.unwrap();
    assert_eq!(summary.requests, 1, "nothing new starts after the deadline");
    assert_eq!(summary.pushback.get("HTTP 503"), Some(&3));
}
