//! OTLP receiver conformance, one test per point of docs/conformance.md (C1–C17), each over the
//! transports and signals it concerns, against the real server (pipeline, queue, store).

use crate::common;

use std::io::{Read, Write};
use std::time::Duration;

use base64::Engine;
use ophion_core::otlp::collector::logs::v1::ExportLogsServiceResponse;
use ophion_core::otlp::collector::metrics::v1::ExportMetricsServiceResponse;
use ophion_core::otlp::collector::trace::v1::{
    ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use ophion_core::otlp::common::v1::KeyValue;
use ophion_receiver::rpc_status::{RetryInfo, RpcStatus};
use ophion_testkit::grpc::{self, frame};
use ophion_testkit::{gzip, otlp, zstd};
use prost::Message;
use serde_json::{Value, json};

const PB: &str = "application/x-protobuf";
const JSON: &str = "application/json";

struct Case {
    http_path: &'static str,
    grpc_path: &'static str,
    body: Vec<u8>,
    stat: &'static str,
    items: u64,
}

/// One valid protobuf request per signal.
fn cases(seed: u64) -> Vec<Case> {
    vec![
        Case {
            http_path: "/v1/traces",
            grpc_path: grpc::TRACES,
            body: otlp::spans("svc", seed, 3).encode_to_vec(),
            stat: "spans",
            items: 3,
        },
        Case {
            http_path: "/v1/logs",
            grpc_path: grpc::LOGS,
            body: otlp::logs("svc", seed, 4).encode_to_vec(),
            stat: "logs",
            items: 4,
        },
        Case {
            http_path: "/v1/metrics",
            grpc_path: grpc::METRICS,
            body: otlp::metrics("svc", seed).encode_to_vec(),
            stat: "metric_points",
            items: 5,
        },
    ]
}

#[tokio::test]
async fn c01_grpc_export_methods_accept_every_signal() {
    let server = common::start().await;
    for case in cases(1) {
        let reply =
            grpc::call(server.grpc_addr(), case.grpc_path, frame(&case.body, false), &[]).await;
        assert_eq!(reply.grpc_status, Some(0), "{}: {}", case.grpc_path, reply.grpc_message);
        assert_eq!(server.wait_for(case.stat, case.items).await, case.items, "{}", case.stat);
    }
    server.stop().await;
}

#[tokio::test]
async fn c01_http_paths_accept_every_signal() {
    let server = common::start().await;
    for case in cases(2) {
        let resp = server.post_otlp(case.http_path, PB, case.body.clone(), None).await;
        assert_eq!(resp.status(), 200, "{}", case.http_path);
        assert_eq!(server.wait_for(case.stat, case.items).await, case.items);
    }
    let resp = server.post_otlp("/v1/profiles", PB, vec![], None).await;
    assert_eq!(resp.status(), 404);
    server.stop().await;
}

#[tokio::test]
async fn c02_gzip_zstd_and_identity_over_grpc_and_http() {
    let server = common::start().await;
    let mut expected = [0u64; 3];
    for (encoding, compress) in [
        ("identity", None),
        ("gzip", Some(gzip as fn(&[u8]) -> Vec<u8>)),
        ("zstd", Some(zstd as fn(&[u8]) -> Vec<u8>)),
    ] {
        for (i, case) in cases(3).into_iter().enumerate() {
            let body = compress.map_or(case.body.clone(), |f| f(&case.body));
            let reply = grpc::call(
                server.grpc_addr(),
                case.grpc_path,
                frame(&body, compress.is_some()),
                &[("grpc-encoding", encoding)],
            )
            .await;
            assert_eq!(
                reply.grpc_status,
                Some(0),
                "gRPC {encoding} {}: {}",
                case.grpc_path,
                reply.grpc_message
            );
            let resp = server.post_otlp(case.http_path, PB, body, compress.map(|_| encoding)).await;
            assert_eq!(resp.status(), 200, "HTTP {encoding} {}", case.http_path);
            expected[i] += 2 * case.items;
        }
    }
    for (case, n) in cases(3).iter().zip(expected) {
        assert_eq!(server.wait_for(case.stat, n).await, n, "{}", case.stat);
    }
    let resp = server.post_otlp("/v1/traces", PB, cases(3)[0].body.clone(), Some("br")).await;
    assert_eq!(resp.status(), 415, "unsupported encodings are refused");
    let reply = grpc::call(
        server.grpc_addr(),
        grpc::TRACES,
        frame(&[], true),
        &[("grpc-encoding", "snappy")],
    )
    .await;
    assert_eq!(reply.grpc_status, Some(12), "UNIMPLEMENTED for an unknown grpc-encoding");
    server.stop().await;
}

#[tokio::test]
async fn c03_protobuf_and_json_share_the_port_and_responses_match_the_request_type() {
    let server = common::start().await;
    let json_bodies = [
        (
            "/v1/traces",
            json!({"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"j","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]}),
        ),
        (
            "/v1/logs",
            json!({"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"1","body":{"stringValue":"hi"}}]}]}]}),
        ),
        (
            "/v1/metrics",
            json!({"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"m","gauge":{"dataPoints":[{"timeUnixNano":"1","asDouble":1.5}]}}]}]}]}),
        ),
    ];
    for (path, body) in json_bodies {
        let resp = server.post_otlp(path, JSON, body.to_string().into_bytes(), None).await;
        assert_eq!(resp.status(), 200, "{path}");
        assert_eq!(resp.headers()["content-type"], JSON);
        let parsed: Value = resp.json().await.expect("JSON response");
        assert!(parsed.is_object());
    }
    for case in cases(4) {
        let resp = server.post_otlp(case.http_path, PB, case.body, None).await;
        assert_eq!(resp.headers()["content-type"], PB);
        let bytes = resp.bytes().await.unwrap();
        match case.http_path {
            "/v1/traces" => drop(ExportTraceServiceResponse::decode(bytes).unwrap()),
            "/v1/logs" => drop(ExportLogsServiceResponse::decode(bytes).unwrap()),
            _ => drop(ExportMetricsServiceResponse::decode(bytes).unwrap()),
        }
    }
    let resp = server.post_otlp("/v1/traces", "text/plain", b"x".to_vec(), None).await;
    assert_eq!(resp.status(), 415);
    server.stop().await;
}

/// Raw HTTP/1.1 over one TCP connection: keep-alive and a chunked body without length.
#[tokio::test]
async fn c04_http1_keep_alive_chunked_and_http2() {
    let server = common::start().await;
    let addr = server.running().otlp_http_addr;
    let body = otlp::spans("chunky", 5, 2).encode_to_vec();
    let addr_for_thread = addr;
    let body_for_thread = body.clone();
    let responses = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr_for_thread).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut statuses = Vec::new();
        for _ in 0..2 {
            let (a, b) = body_for_thread.split_at(body_for_thread.len() / 2);
            let mut req = format!(
                "POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: {PB}\r\nTransfer-Encoding: chunked\r\n\r\n"
            )
            .into_bytes();
            for chunk in [a, b] {
                req.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                req.extend_from_slice(chunk);
                req.extend_from_slice(b"\r\n");
            }
            req.extend_from_slice(b"0\r\n\r\n");
            stream.write_all(&req).unwrap();
            // Read one response: headers, then Content-Length bytes.
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                stream.read_exact(&mut byte).unwrap();
                head.push(byte[0]);
            }
            let head = String::from_utf8(head).unwrap();
            let len: usize = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap()))
                .unwrap_or(0);
            let mut rest = vec![0u8; len];
            stream.read_exact(&mut rest).unwrap();
            statuses.push(head.lines().next().unwrap().to_string());
        }
        statuses
    })
    .await
    .unwrap();
    assert_eq!(responses, vec!["HTTP/1.1 200 OK".to_string(); 2], "two requests on one connection");

    let h2 = reqwest::Client::builder().http2_prior_knowledge().build().unwrap();
    let resp = h2
        .post(server.otlp("/v1/traces"))
        .header("content-type", PB)
        .body(otlp::spans("chunky", 6, 2).encode_to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.version(), reqwest::Version::HTTP_2);
    assert_eq!(resp.status(), 200);
    assert_eq!(server.wait_for("spans", 6).await, 6);
    server.stop().await;
}

#[tokio::test]
async fn c05_size_limits_apply_after_decompression() {
    let server = common::start_with(|c| {
        c.receiver.max_http_body_bytes = 64 << 10;
        c.receiver.max_grpc_message_bytes = 64 << 10;
    })
    .await;
    let big = otlp::spans("big", 7, 2000).encode_to_vec();
    assert!(big.len() > 64 << 10);
    let small_gz = gzip(&big);
    let resp = server.post_otlp("/v1/traces", PB, big.clone(), None).await;
    assert_eq!(resp.status(), 413);
    let resp = server.post_otlp("/v1/traces", PB, small_gz.clone(), Some("gzip")).await;
    assert_eq!(resp.status(), 413, "limit measured on the inflated body");
    let reply = grpc::call(server.grpc_addr(), grpc::TRACES, frame(&big, false), &[]).await;
    assert_eq!(reply.grpc_status, Some(8), "RESOURCE_EXHAUSTED");
    let zbig = zstd(&big);
    assert!(zbig.len() < 64 << 10);
    let reply = grpc::call(
        server.grpc_addr(),
        grpc::TRACES,
        frame(&zbig, true),
        &[("grpc-encoding", "zstd")],
    )
    .await;
    assert_eq!(reply.grpc_status, Some(8), "RESOURCE_EXHAUSTED after inflating");
    // The server is still healthy.
    let ok =
        server.post_otlp("/v1/traces", PB, otlp::spans("big", 8, 1).encode_to_vec(), None).await;
    assert_eq!(ok.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn c06_success_is_200_ok_with_partial_success_unset() {
    let server = common::start().await;
    let body = otlp::spans("ok", 9, 2).encode_to_vec();
    let resp = server.post_otlp("/v1/traces", PB, body.clone(), None).await;
    assert_eq!(resp.status(), 200);
    let decoded = ExportTraceServiceResponse::decode(resp.bytes().await.unwrap()).unwrap();
    assert!(decoded.partial_success.is_none());
    let reply = grpc::call(server.grpc_addr(), grpc::TRACES, frame(&body, false), &[]).await;
    assert_eq!(reply.grpc_status, Some(0));
    let decoded = ExportTraceServiceResponse::decode(&reply.message.unwrap()[..]).unwrap();
    assert!(decoded.partial_success.is_none());
    server.stop().await;
}

/// A request with 3 valid and 2 invalid spans.
fn mixed_spans() -> ExportTraceServiceRequest {
    let mut req = otlp::spans("mixed", 10, 5);
    let spans = &mut req.resource_spans[0].scope_spans[0].spans;
    spans[1].trace_id = vec![1, 2, 3];
    spans[3].end_time_unix_nano = spans[3].start_time_unix_nano - 1;
    req
}

#[tokio::test]
async fn c07_partial_success_reports_the_exact_rejected_count_and_a_message() {
    let server = common::start().await;
    let body = mixed_spans().encode_to_vec();
    let resp = server.post_otlp("/v1/traces", PB, body.clone(), None).await;
    assert_eq!(resp.status(), 200);
    let partial = ExportTraceServiceResponse::decode(resp.bytes().await.unwrap())
        .unwrap()
        .partial_success
        .unwrap();
    assert_eq!(partial.rejected_spans, 2);
    assert!(!partial.error_message.is_empty());
    let reply = grpc::call(server.grpc_addr(), grpc::TRACES, frame(&body, false), &[]).await;
    let partial = ExportTraceServiceResponse::decode(&reply.message.unwrap()[..])
        .unwrap()
        .partial_success
        .unwrap();
    assert_eq!(partial.rejected_spans, 2);
    assert_eq!(server.wait_for("spans", 6).await, 6, "the valid spans were stored");
    server.stop().await;
}

#[tokio::test]
async fn c08_empty_requests_succeed() {
    let server = common::start().await;
    for (path, grpc_path) in
        [("/v1/traces", grpc::TRACES), ("/v1/logs", grpc::LOGS), ("/v1/metrics", grpc::METRICS)]
    {
        assert_eq!(server.post_otlp(path, PB, vec![], None).await.status(), 200, "{path}");
        assert_eq!(
            server.post_otlp(path, JSON, b"{}".to_vec(), None).await.status(),
            200,
            "{path}"
        );
        let reply = grpc::call(server.grpc_addr(), grpc_path, frame(&[], false), &[]).await;
        assert_eq!(reply.grpc_status, Some(0), "{grpc_path}");
    }
    server.stop().await;
}

#[tokio::test]
async fn c09_malformed_requests_are_400_with_a_status_body_and_invalid_argument() {
    let server = common::start().await;
    for path in ["/v1/traces", "/v1/logs", "/v1/metrics"] {
        let resp = server.post_otlp(path, PB, vec![0x0a, 0xff, 0xff, 0xff], None).await;
        assert_eq!(resp.status(), 400, "{path}");
        let status =
            RpcStatus::decode(resp.bytes().await.unwrap()).expect("google.rpc.Status body");
        assert_eq!(status.code, 3);
        assert!(status.message.contains("malformed"), "{}", status.message);
        let resp = server.post_otlp(path, JSON, b"{\"resourceSpans\": [".to_vec(), None).await;
        assert_eq!(resp.status(), 400);
        let body: Value = resp.json().await.unwrap();
        assert!(body["message"].as_str().unwrap().contains("JSON"));
    }
    for grpc_path in [grpc::TRACES, grpc::LOGS, grpc::METRICS] {
        let reply =
            grpc::call(server.grpc_addr(), grpc_path, frame(&[0x0a, 0xff, 0xff], false), &[]).await;
        assert_eq!(reply.grpc_status, Some(3), "{grpc_path}");
        let reply = grpc::call(server.grpc_addr(), grpc_path, vec![0, 0, 0], &[]).await;
        assert_eq!(reply.grpc_status, Some(3), "truncated frame");
    }
    // Still serving.
    assert_eq!(server.post_otlp("/v1/traces", PB, vec![], None).await.status(), 200);
    server.stop().await;
}

#[tokio::test]
async fn c10_overload_pushes_back_with_retry_after_and_retry_info() {
    let server = common::start_with(|c| {
        // Segments never roll, so the queue's disk use only grows: a deterministic "full".
        c.queue.max_bytes = 32 << 10;
        c.queue.segment_bytes = 1 << 30;
    })
    .await;
    let body = otlp::spans("load", 11, 50).encode_to_vec();
    let mut refused = None;
    for _ in 0..100 {
        let resp = server.post_otlp("/v1/traces", PB, body.clone(), None).await;
        if resp.status() != 200 {
            refused = Some(resp);
            break;
        }
    }
    let resp = refused.expect("the queue fills up");
    assert!([429, 503].contains(&resp.status().as_u16()), "{}", resp.status());
    let retry_after: u64 = resp.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(retry_after >= 1);
    let reply = grpc::call(server.grpc_addr(), grpc::TRACES, frame(&body, false), &[]).await;
    assert_eq!(reply.grpc_status, Some(14), "UNAVAILABLE");
    let details = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(reply.details_bin.expect("details"))
        .unwrap();
    let status = RpcStatus::decode(&details[..]).unwrap();
    let info = RetryInfo::decode(&status.details[0].value[..]).unwrap();
    assert!(info.retry_delay.unwrap().seconds >= 1);
    server.stop().await;
}

#[tokio::test]
async fn c11_only_push_back_uses_retryable_http_codes() {
    let server = common::start_with(|c| c.receiver.max_http_body_bytes = 1 << 10).await;
    let permanent = [
        server.post_otlp("/v1/traces", PB, vec![0xff; 10], None).await, // malformed
        server.post_otlp("/v1/traces", "text/csv", vec![1], None).await, // media type
        server.post_otlp("/v1/traces", PB, vec![0; 4096], None).await,  // too large
        server.post_otlp("/v1/traces", PB, vec![1], Some("compress")).await, // encoding
    ];
    for resp in permanent {
        let code = resp.status().as_u16();
        assert!(!matches!(code, 429 | 502 | 503 | 504), "permanent error got retryable {code}");
        assert!(resp.headers().get("retry-after").is_none());
        assert!((400..500).contains(&code));
    }
    server.stop().await;
}

async fn trace_json(server: &common::TestServer, trace_id: &str) -> Value {
    let readable = ophion_testkit::eventually(Duration::from_secs(10), || async {
        let (status, body) = server.get_json(&format!("/api/v1/traces/{trace_id}")).await;
        if status == 200 { Ok(body) } else { Err(body) }
    });
    readable.await.unwrap_or_else(|body| panic!("trace {trace_id} never became readable: {body}"))
}

#[tokio::test]
async fn c12_c13_c15_json_hex_ids_any_case_integer_enums_camel_case_keys() {
    let server = common::start().await;
    let body = json!({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"jsonsvc"}}]},
        "scopeSpans":[{"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
        "parentSpanId":"EEE19B7EC3C1B173","name":"json-span","kind":3,"startTimeUnixNano":"1700000000000000000",
        "endTimeUnixNano":"1700000000500000000","status":{"code":2,"message":"boom"}}]}]}]});
    let resp = server.post_otlp("/v1/traces", JSON, body.to_string().into_bytes(), None).await;
    assert_eq!(resp.status(), 200);
    let trace = trace_json(&server, "5b8efff798038103d269b633813fc60c").await;
    let span = &trace["spans"][0];
    assert_eq!(span["span_id"], "eee19b7ec3c1b174");
    assert_eq!(span["parent_span_id"], "eee19b7ec3c1b173");
    assert_eq!(span["kind"], "client", "enum 3 = SPAN_KIND_CLIENT");
    assert_eq!(span["status_code"], "error", "enum 2 = STATUS_CODE_ERROR");
    assert_eq!(span["service_name"], "jsonsvc");
    assert_eq!(span["duration_ns"], 500_000_000);
    server.stop().await;
}

#[tokio::test]
async fn c14_unknown_json_fields_are_ignored() {
    let server = common::start().await;
    let body = json!({"futureField": [1, 2], "resourceLogs":[{"somethingNew": {"a": 1}, "scopeLogs":[{"logRecords":[
        {"timeUnixNano":"1700000000000000000","body":{"stringValue":"kept"},"brandNewField":true}]}]}]});
    let resp = server.post_otlp("/v1/logs", JSON, body.to_string().into_bytes(), None).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(server.wait_for("logs", 1).await, 1);
    server.stop().await;
}

#[tokio::test]
async fn c16_64_bit_integers_as_numbers_or_strings() {
    let server = common::start().await;
    let body = json!({"resourceSpans":[{"scopeSpans":[{"spans":[
        {"traceId":"00000000000000000000000000000a01","spanId":"0000000000000a01","name":"s","startTimeUnixNano":"1700000000000000000","endTimeUnixNano":1700000000000001000u64,
         "attributes":[{"key":"as_string","value":{"intValue":"9007199254740993"}},{"key":"as_number","value":{"intValue":42}}]}]}]}]});
    let resp = server.post_otlp("/v1/traces", JSON, body.to_string().into_bytes(), None).await;
    assert_eq!(resp.status(), 200);
    let trace = trace_json(&server, "00000000000000000000000000000a01").await;
    let span = &trace["spans"][0];
    assert_eq!(span["start_time_unix_nano"], 1_700_000_000_000_000_000u64);
    assert_eq!(span["end_time_unix_nano"], 1_700_000_000_000_001_000u64);
    assert_eq!(span["attributes"]["as_string"], 9_007_199_254_740_993u64, "exact above 2^53");
    assert_eq!(span["attributes"]["as_number"], 42);
    server.stop().await;
}

#[tokio::test]
async fn c17_bad_items_are_partial_success_not_whole_request_failures() {
    let server = common::start().await;
    let mut req = mixed_spans();
    // Absurd attribute count on one more span.
    req.resource_spans[0].scope_spans[0].spans[4].attributes = vec![KeyValue::default(); 5000];
    let body = req.encode_to_vec();
    let resp = server.post_otlp("/v1/traces", PB, body.clone(), None).await;
    assert_eq!(resp.status(), 200);
    let partial = ExportTraceServiceResponse::decode(resp.bytes().await.unwrap())
        .unwrap()
        .partial_success
        .unwrap();
    assert_eq!(partial.rejected_spans, 3);
    let reply = grpc::call(server.grpc_addr(), grpc::TRACES, frame(&body, false), &[]).await;
    assert_eq!(reply.grpc_status, Some(0));
    let partial = ExportTraceServiceResponse::decode(&reply.message.unwrap()[..])
        .unwrap()
        .partial_success
        .unwrap();
    assert_eq!(partial.rejected_spans, 3);
    let mut logs = otlp::logs("bad", 12, 3);
    logs.resource_logs[0].scope_logs[0].log_records[0].span_id = vec![9; 3];
    let resp = server.post_otlp("/v1/logs", PB, logs.encode_to_vec(), None).await;
    let partial = ExportLogsServiceResponse::decode(resp.bytes().await.unwrap())
        .unwrap()
        .partial_success
        .unwrap();
    assert_eq!(partial.rejected_log_records, 1);
    let mut metrics = otlp::metrics("bad", 13);
    if let Some(ophion_core::otlp::metrics::v1::metric::Data::Histogram(h)) =
        &mut metrics.resource_metrics[0].scope_metrics[0].metrics[2].data
    {
        h.data_points[0].bucket_counts.push(1); // now inconsistent with the bounds
    }
    let reply =
        grpc::call(server.grpc_addr(), grpc::METRICS, frame(&metrics.encode_to_vec(), false), &[])
            .await;
    let partial = ExportMetricsServiceResponse::decode(&reply.message.unwrap()[..])
        .unwrap()
        .partial_success
        .unwrap();
    assert_eq!(partial.rejected_data_points, 1);
    assert_eq!(server.wait_for("spans", 4).await, 4);
    server.stop().await;
}
