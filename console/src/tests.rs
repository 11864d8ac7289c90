//! The console's routes driven with `oneshot` requests over whatever `dist/` holds: the
//! placeholder or the real bundle.

// Tests: failing loudly is the point; the bodies read and decoded here are this crate's own
// embedded files, of known small size.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::disallowed_methods)]

use std::io::Read;

use axum::body::Body;
use http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use super::*;

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

async fn send(request: Request<Body>) -> Answer {
    let response = router::<()>().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    Answer { status, headers, body }
}

async fn get(uri: &str) -> Answer {
    send(Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn get_with(uri: &str, name: header::HeaderName, value: &str) -> Answer {
    send(Request::get(uri).header(name, value).body(Body::empty()).unwrap()).await
}

fn index_bytes() -> Vec<u8> {
    Dist::get(INDEX).expect("dist/index.html is embedded").data.into_owned()
}

#[tokio::test]
async fn the_root_and_bare_ui_redirect_permanently_to_the_console() {
    for uri in ["/", "/ui", "/?x=1"] {
        let answer = get(uri).await;
        assert_eq!(answer.status, StatusCode::PERMANENT_REDIRECT, "{uri}");
        assert_eq!(answer.headers[header::LOCATION], "/ui/", "{uri}");
    }
    let icon = get("/favicon.ico").await;
    assert_eq!(icon.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(icon.headers[header::LOCATION], "/ui/favicon.svg");
}

#[tokio::test]
async fn the_index_is_served_as_html_and_revalidated() {
    for uri in ["/ui/", "/ui/index.html"] {
        let answer = get(uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert_eq!(answer.headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
        assert_eq!(answer.headers[header::CACHE_CONTROL], "no-cache");
        assert!(answer.headers.contains_key(header::ETAG));
        assert_eq!(answer.body, index_bytes(), "{uri}");
    }
}

#[tokio::test]
async fn deep_links_get_the_index_and_missing_assets_are_404() {
    for uri in [
        "/ui/traces/0123456789abcdef0123456789abcdef?span=1",
        "/ui/services/checkout",
        "/ui/logs?q=timeout&live=1",
        "/ui/dashboards/01J0000000000000000000000",
        "/ui/auth/callback?code=x&state=y",
    ] {
        let answer = get(uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert_eq!(answer.body, index_bytes(), "{uri}");
        assert_eq!(answer.headers[header::CACHE_CONTROL], "no-cache", "{uri}");
    }
    for uri in ["/ui/assets/app-00000000.js", "/ui/assets/", "/ui/assets/../index.html"] {
        let answer = get(uri).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(answer.headers[header::CONTENT_TYPE], "text/plain; charset=utf-8");
        assert_eq!(answer.headers[header::CONTENT_SECURITY_POLICY], CONTENT_SECURITY_POLICY);
    }
}

#[tokio::test]
async fn every_embedded_file_is_served_with_its_type_and_cache_policy() {
    let mut served = 0;
    for path in Dist::iter() {
        let answer = get(&format!("/ui/{path}")).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_eq!(answer.body, Dist::get(&path).unwrap().data.as_ref(), "{path}");
        let expected = if path.starts_with("assets/") { IMMUTABLE } else { REVALIDATE };
        assert_eq!(answer.headers[header::CACHE_CONTROL], expected, "{path}");
        let content_type = answer.headers[header::CONTENT_TYPE].to_str().unwrap();
        let wanted = match path.rsplit('.').next() {
            Some("html") => "text/html",
            Some("js" | "mjs") => "javascript",
            Some("css") => "text/css",
            Some("svg") => "image/svg+xml",
            Some("txt") => "text/plain",
            _ => "",
        };
        assert!(content_type.contains(wanted), "{path}: {content_type}");
        served += 1;
    }
    assert!(served >= 2, "dist/ holds at least index.html and favicon.svg");
    let icon = get("/ui/favicon.svg").await;
    assert_eq!(icon.headers[header::CONTENT_TYPE], "image/svg+xml; charset=utf-8");
}

#[test]
fn hashed_assets_are_immutable_and_the_rest_revalidated() {
    assert_eq!(cache_control("assets/app-3F2A9C1B.js"), IMMUTABLE);
    assert_eq!(cache_control("index.html"), REVALIDATE);
    assert_eq!(cache_control("favicon.svg"), REVALIDATE);
    assert_eq!(cache_control("LICENSES.txt"), REVALIDATE);
}

#[tokio::test]
async fn every_response_carries_the_console_policy() {
    for uri in ["/ui/", "/ui/favicon.svg", "/ui/metrics?name=a", "/ui/assets/nope.css"] {
        let answer = get(uri).await;
        let headers = &answer.headers;
        assert_eq!(headers[header::CONTENT_SECURITY_POLICY], CONTENT_SECURITY_POLICY, "{uri}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{uri}");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY", "{uri}");
    }
    // 'self' only: nothing from another host may load.
    assert!(!CONTENT_SECURITY_POLICY.contains("http"));
    assert!(!CONTENT_SECURITY_POLICY.contains("unsafe"));
    assert!(CONTENT_SECURITY_POLICY.contains("frame-ancestors 'none'"));
}

#[tokio::test]
async fn gzip_is_served_when_accepted_and_decodes_to_the_file() {
    let plain = get("/ui/").await;
    let gzipped = get_with("/ui/", header::ACCEPT_ENCODING, "br;q=1.0, gzip;q=0.8").await;
    assert_eq!(gzipped.status, StatusCode::OK);
    assert_eq!(gzipped.headers[header::CONTENT_ENCODING], "gzip");
    assert_eq!(gzipped.headers[header::VARY], "accept-encoding");
    assert!(gzipped.body.len() < plain.body.len());
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(gzipped.body.as_ref()).read_to_end(&mut decoded).unwrap();
    assert_eq!(decoded, index_bytes());
    assert_ne!(gzipped.headers[header::ETAG], plain.headers[header::ETAG]);
    assert!(!plain.headers.contains_key(header::CONTENT_ENCODING));
    // Refused by weight: the file as it is.
    for refused in ["gzip;q=0", "identity", "gzip;q=0, *", "deflate"] {
        let answer = get_with("/ui/", header::ACCEPT_ENCODING, refused).await;
        assert!(!answer.headers.contains_key(header::CONTENT_ENCODING), "{refused}");
        assert_eq!(answer.body, index_bytes(), "{refused}");
    }
    let any = get_with("/ui/", header::ACCEPT_ENCODING, "*").await;
    assert_eq!(any.headers[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn a_matching_etag_is_answered_304_without_a_body() {
    let first = get("/ui/").await;
    let etag = first.headers[header::ETAG].to_str().unwrap().to_owned();
    let again = get_with("/ui/", header::IF_NONE_MATCH, &format!("\"other\", {etag}")).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(again.headers[header::ETAG], etag.as_str());
    assert_eq!(again.headers[header::CONTENT_SECURITY_POLICY], CONTENT_SECURITY_POLICY);
    let stale = get_with("/ui/", header::IF_NONE_MATCH, "\"stale\"").await;
    assert_eq!(stale.status, StatusCode::OK);
}

#[tokio::test]
async fn head_has_the_headers_of_get_and_no_body_and_writes_are_refused() {
    let head = send(Request::head("/ui/").body(Body::empty()).unwrap()).await;
    assert_eq!(head.status, StatusCode::OK);
    assert!(head.body.is_empty());
    assert_eq!(head.headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
    assert_eq!(head.headers[header::CONTENT_SECURITY_POLICY], CONTENT_SECURITY_POLICY);
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        let request = Request::builder().method(&method).uri("/ui/x").body(Body::empty()).unwrap();
        assert_eq!(send(request).await.status, StatusCode::METHOD_NOT_ALLOWED, "{method}");
    }
}
