//! Hostile input: malformed payload classes over OTLP/HTTP and OTLP/gRPC, each answered with
//! its expected status, and after every one the server still takes a valid request.

use crate::common;

use ophion_core::otlp::collector::trace::v1::ExportTraceServiceResponse;
use ophion_core::otlp::common::v1::{AnyValue, KeyValue, KeyValueList, any_value};
use ophion_testkit::grpc::{self, frame};
use ophion_testkit::{gzip, otlp};
use prost::Message;

/// (what, path, content type, content encoding, body, expected HTTP status)
type HttpCase = (&'static str, &'static str, &'static str, Option<&'static str>, Vec<u8>, u16);
/// (what, method path, framed body, extra headers, expected gRPC status)
type GrpcCase = (&'static str, &'static str, Vec<u8>, Vec<(&'static str, &'static str)>, i32);

const PB: &str = "application/x-protobuf";
const JSON: &str = "application/json";

fn valid() -> Vec<u8> {
    otlp::spans("hostile", 1, 2).encode_to_vec()
}

/// A span name that is not UTF-8: protobuf field 1 (resource_spans) → 2 (scope_spans) →
/// 2 (spans) → 5 (name).
fn invalid_utf8_name() -> Vec<u8> {
    let name = [0x2a, 0x02, 0xff, 0xfe]; // field 5, length 2, bytes ff fe
    let span = [&[0x12, name.len() as u8][..], &name].concat();
    let scope = [&[0x12, span.len() as u8][..], &span].concat();
    [&[0x0a, scope.len() as u8][..], &scope].concat()
}

/// An attribute value nested `depth` key-value lists deep.
fn deeply_nested(depth: usize) -> Vec<u8> {
    let mut value = AnyValue { value: Some(any_value::Value::StringValue("leaf".into())) };
    for _ in 0..depth {
        value = AnyValue {
            value: Some(any_value::Value::KvlistValue(KeyValueList {
                values: vec![KeyValue {
                    key: "k".into(),
                    value: Some(value),
                    ..Default::default()
                }],
            })),
        };
    }
    let mut req = otlp::spans("deep", 2, 1);
    req.resource_spans[0].scope_spans[0].spans[0].attributes.push(KeyValue {
        key: "deep".into(),
        value: Some(value),
        ..Default::default()
    });
    req.encode_to_vec()
}

#[tokio::test]
async fn malformed_http_payloads_get_their_status_and_the_server_stays_up() {
    let server = common::start().await;
    let good = valid();
    let truncated = good[..good.len() / 2].to_vec();
    let cut = |bytes: Vec<u8>| bytes[..bytes.len() - 3].to_vec();
    let metrics = otlp::metrics("hostile", 1).encode_to_vec();
    let logs = otlp::logs("hostile", 1, 3).encode_to_vec();
    let mut million = otlp::spans("million", 3, 1);
    million.resource_spans[0].scope_spans[0].spans[0].attributes =
        vec![KeyValue::default(); 1_000_000];
    let huge_string = format!(
        r#"{{"resourceLogs":[{{"scopeLogs":[{{"logRecords":[{{"body":{{"stringValue":"{}"}}}}]}}]}}]}}"#,
        "x".repeat(100 << 20)
    );
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let cases: Vec<HttpCase> = vec![
        ("truncated protobuf", "/v1/traces", PB, None, truncated, 400),
        ("truncated metrics protobuf", "/v1/metrics", PB, None, cut(metrics), 400),
        ("truncated logs protobuf", "/v1/logs", PB, None, cut(logs), 400),
        ("garbage bytes", "/v1/traces", PB, None, vec![0xde, 0xad, 0xbe, 0xef, 0x99], 400),
        ("wrong wire type", "/v1/traces", PB, None, vec![0x08, 0x01], 400),
        (
            "absurd length prefix",
            "/v1/traces",
            PB,
            None,
            vec![0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f],
            400,
        ),
        ("invalid UTF-8 string", "/v1/traces", PB, None, invalid_utf8_name(), 400),
        ("nesting beyond the decoder's limit", "/v1/traces", PB, None, deeply_nested(200), 400),
        ("deep JSON arrays", "/v1/traces", JSON, None, deep_json.into_bytes(), 400),
        ("JSON null", "/v1/logs", JSON, None, b"null".to_vec(), 400),
        ("JSON top-level array", "/v1/logs", JSON, None, b"[1,2]".to_vec(), 400),
        (
            "JSON wrong field type",
            "/v1/traces",
            JSON,
            None,
            br#"{"resourceSpans":{"a":1}}"#.to_vec(),
            400,
        ),
        (
            "JSON non-hex trace id",
            "/v1/traces",
            JSON,
            None,
            br#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"zz"}]}]}]}"#.to_vec(),
            400,
        ),
        (
            "JSON invalid UTF-8",
            "/v1/logs",
            JSON,
            None,
            b"{\"resourceLogs\":[\"\xff\xfe\"]}".to_vec(),
            400,
        ),
        ("empty JSON body", "/v1/metrics", JSON, None, vec![], 400),
        ("empty protobuf body", "/v1/metrics", PB, None, vec![], 200),
        ("a million attributes on one span", "/v1/traces", PB, None, million.encode_to_vec(), 200),
        ("100 MB string", "/v1/logs", JSON, None, huge_string.into_bytes(), 413),
        ("wrong content type", "/v1/traces", "text/plain", None, valid(), 415),
        ("missing content type", "/v1/traces", "", None, valid(), 415),
        ("gzip header, plain body", "/v1/traces", PB, Some("gzip"), valid(), 400),
        ("zstd header, garbage body", "/v1/traces", PB, Some("zstd"), vec![1, 2, 3, 4], 400),
        ("unknown content encoding", "/v1/traces", PB, Some("br"), valid(), 415),
        ("truncated gzip", "/v1/traces", PB, Some("gzip"), gzip(&valid())[..20].to_vec(), 400),
        ("wrong path", "/v1/trace", PB, None, valid(), 404),
        ("path traversal", "/v1/../v1/traces/..%2f..%2fetc", PB, None, valid(), 404),
    ];
    assert!(cases.len() >= 26);
    for (what, path, content_type, encoding, body, expected) in cases {
        let mut req = server.client.post(server.otlp(path)).body(body);
        if !content_type.is_empty() {
            req = req.header("content-type", content_type);
        }
        if let Some(enc) = encoding {
            req = req.header("content-encoding", enc);
        }
        let resp = req.send().await.unwrap_or_else(|e| panic!("{what}: connection failed: {e}"));
        assert_eq!(resp.status().as_u16(), expected, "{what}");
        if expected == 200 && what.contains("million") {
            let bytes = resp.bytes().await.unwrap();
            let partial = ExportTraceServiceResponse::decode(bytes).unwrap().partial_success;
            assert_eq!(
                partial.map(|p| p.rejected_spans),
                Some(1),
                "{what}: rejected as partial success"
            );
        }
        let ok = server.post_otlp("/v1/traces", PB, valid(), None).await;
        assert_eq!(ok.status(), 200, "a valid request after {what}");
    }
    for (what, method) in [
        ("GET", reqwest::Method::GET),
        ("PUT", reqwest::Method::PUT),
        ("DELETE", reqwest::Method::DELETE),
    ] {
        let resp = server.client.request(method, server.otlp("/v1/traces")).send().await.unwrap();
        assert_eq!(resp.status(), 405, "{what} /v1/traces");
    }
    server.stop().await;
}

#[tokio::test]
async fn malformed_grpc_calls_get_their_code_and_the_server_stays_up() {
    let server = common::start().await;
    let good = valid();
    let two_messages = [frame(&good, false), frame(&good, false)].concat();
    let cases: Vec<GrpcCase> = vec![
        ("garbage message", grpc::TRACES, frame(&[0xde, 0xad, 0xbe, 0xef], false), vec![], 3),
        ("truncated frame header", grpc::TRACES, vec![0, 0, 0], vec![], 3),
        (
            "frame shorter than its length",
            grpc::TRACES,
            frame(&good, false)[..20].to_vec(),
            vec![],
            3,
        ),
        (
            "compressed flag without grpc-encoding",
            grpc::TRACES,
            frame(&gzip(&good), true),
            vec![],
            3,
        ),
        (
            "invalid compression flag",
            grpc::TRACES,
            [&[7u8][..], &frame(&good, false)[1..]].concat(),
            vec![],
            3,
        ),
        ("two messages in a unary call", grpc::TRACES, two_messages, vec![], 3),
        (
            "declared length beyond the limit",
            grpc::TRACES,
            vec![0, 0x7f, 0xff, 0xff, 0xff],
            vec![],
            8,
        ),
        ("invalid UTF-8 string", grpc::TRACES, frame(&invalid_utf8_name(), false), vec![], 3),
        (
            "gzip flag, garbage body",
            grpc::LOGS,
            frame(&[1, 2, 3], true),
            vec![("grpc-encoding", "gzip")],
            3,
        ),
        (
            "unknown grpc-encoding",
            grpc::LOGS,
            frame(&good, true),
            vec![("grpc-encoding", "lz4")],
            12,
        ),
        (
            "unknown method",
            "/opentelemetry.proto.collector.trace.v1.TraceService/Nope",
            frame(&good, false),
            vec![],
            12,
        ),
        ("unknown service", "/grpc.health.v1.Health/Check", frame(&[], false), vec![], 12),
    ];
    for (what, path, body, headers, expected) in cases {
        let reply = grpc::call(server.grpc_addr(), path, body, &headers).await;
        assert_eq!(reply.grpc_status, Some(expected), "{what}: {}", reply.grpc_message);
        let ok = grpc::call(server.grpc_addr(), grpc::TRACES, frame(&good, false), &[]).await;
        assert_eq!(ok.grpc_status, Some(0), "a valid call after {what}");
    }
    server.stop().await;
}

/// Slowloris: a client that never finishes its request head is cut off after the header-read
/// timeout, while other clients are served meanwhile, on both HTTP listeners.
#[tokio::test]
async fn slow_headers_are_cut_off_and_do_not_block_other_clients() {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};

    let server = common::start_with(|c| c.http.header_read_timeout = Duration::from_secs(1)).await;
    for addr in [server.running().otlp_http_addr, server.running().api_addr] {
        let slow = tokio::task::spawn_blocking(move || {
            let mut stream = std::net::TcpStream::connect(addr).unwrap();
            stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            let started = Instant::now();
            let _ = stream.write_all(b"POST /v1/traces HTTP/1.1\r\nHost: x\r\n");
            // Trickle one header byte every 200 ms; the head never completes.
            for _ in 0..40 {
                if stream.write_all(b"X").is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(200));
                let mut byte = [0u8; 1];
                stream.set_nonblocking(true).unwrap();
                let closed = matches!(stream.read(&mut byte), Ok(0));
                stream.set_nonblocking(false).unwrap();
                if closed {
                    break;
                }
            }
            started.elapsed()
        });
        // Meanwhile the server answers everyone else.
        let ok = server.post_otlp("/v1/traces", PB, valid(), None).await;
        assert_eq!(ok.status(), 200);
        assert_eq!(server.get_json("/health").await.0, 200);
        let held = slow.await.unwrap();
        assert!(
            held < Duration::from_secs(5),
            "slow client on {addr} held its connection for {held:?}"
        );
    }
    server.stop().await;
}

/// Self-metrics carry no label taken from client input: thousands of distinct user agents
/// leave the set of exposed series unchanged.
/// One OTLP/HTTP request from its own loopback address (127.x.y.z) with its own user agent.
async fn request_from_peer(server: std::net::SocketAddr, i: u32) -> std::io::Result<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let [_, a, b, c] = (i + 2).to_be_bytes();
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.bind(std::net::SocketAddr::from(([127, a, b, c], 0)))?;
    let mut stream = socket.connect(server).await?;
    let request = format!(
        "POST /v1/traces HTTP/1.1\r\nhost: {server}\r\nuser-agent: agent-{i}/1.0 (host-{i})\r\n\
         content-type: application/x-protobuf\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    Ok(String::from_utf8_lossy(&response).lines().next().unwrap_or("").to_string())
}

/// 5,000 clients in CI; OPHION_CAMPAIGN=long (make campaign) sends a million.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn distinct_user_agents_and_peers_do_not_grow_self_metric_cardinality() {
    let server = common::start().await;
    let clients: u32 =
        if std::env::var("OPHION_CAMPAIGN").as_deref() == Ok("long") { 1_000_000 } else { 5_000 };
    let series = |text: String| -> Vec<String> {
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.rsplit_once(' ').map(|(name, _)| name.to_string()))
            .collect()
    };
    let scrape = || async {
        server.client.get(server.api("/metrics")).send().await.unwrap().text().await.unwrap()
    };
    let before = series(scrape().await);
    let addr = server.running().otlp_http_addr;
    let next = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
    let workers: Vec<_> = (0..64)
        .map(|_| {
            let next = next.clone();
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= clients {
                        return;
                    }
                    let status = request_from_peer(addr, i).await.unwrap();
                    assert!(status.starts_with("HTTP/1.1 200"), "client {i}: {status}");
                }
            })
        })
        .collect();
    for worker in workers {
        worker.await.unwrap();
    }
    let after = series(scrape().await);
    assert!(!before.is_empty());
    assert_eq!(before, after, "the same series before and after {clients} distinct clients");
    server.stop().await;
}
