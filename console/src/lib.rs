//! The web console, served by the binary: `console/dist/` (the committed build output of
//! `console/web`) embedded at compile time and served under `/ui/` on the API port.
//!
//! `GET /` redirects to `/ui/`. Under `/ui/`, a path names a file of `dist/`; any other path is
//! one of the console's own deep links (`/ui/traces/…`) and gets `index.html`, except under
//! `/ui/assets/`, where a missing file is a 404 (a stale bundle must fail loudly, not load HTML
//! as a script). Assets carry content hashes in their names, so they are cached for a year;
//! everything else is revalidated by its `ETag`. Compressible files are gzipped once, on first
//! request, and kept. Every response carries the console's Content-Security-Policy, which
//! allows this origin only: no CDN, font or telemetry host is ever contacted.
//!
//! Static files hold no tenant data, so these routes need no credential and sit outside the
//! API's route table (see `ophion_api::router_with`).

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;
use std::sync::{LazyLock, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use rust_embed::RustEmbed;

/// `dist/` beside this crate's `Cargo.toml`. `debug-embed` makes debug builds embed it too,
/// so what a test sees never depends on the directory it runs in.
#[derive(RustEmbed)]
#[folder = "dist/"]
struct Dist;

/// The console's policy: this origin only, no inline code, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
     object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Where the console lives on the API port.
pub const BASE: &str = "/ui/";
const INDEX: &str = "index.html";
const ASSETS_DIR: &str = "assets/";
/// Hashed names never change content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else is asked about again (cheaply, with `If-None-Match`).
const REVALIDATE: &str = "no-cache";

/// The console's routes, for any router state.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(|| async { Redirect::permanent(BASE) }))
        .route("/ui", get(|| async { Redirect::permanent(BASE) }))
        // Browsers ask for it when a page names no icon (the API's own pages, a JSON view).
        .route("/favicon.ico", get(|| async { Redirect::permanent("/ui/favicon.svg") }))
        .route("/ui/", get(serve))
        .route("/ui/{*path}", get(serve))
}

/// One embedded file, with what its responses need, worked out once.
struct File {
    bytes: Cow<'static, [u8]>,
    content_type: HeaderValue,
    /// Strong validators: the identity and the gzip forms are different representations.
    etag: HeaderValue,
    etag_gzip: HeaderValue,
    compressible: bool,
    /// Made on first request; `None` when gzip would not make it smaller.
    gzip: OnceLock<Option<Bytes>>,
}

impl File {
    fn of(file: rust_embed::EmbeddedFile) -> Option<Self> {
        let mime = file.metadata.mimetype();
        let textual = mime.starts_with("text/")
            || matches!(
                mime,
                "application/javascript" | "application/json" | "image/svg+xml" | "application/xml"
            );
        let content_type = if textual && !mime.contains("charset") {
            format!("{mime}; charset=utf-8")
        } else {
            mime.to_owned()
        };
        let hash = hex::encode(&file.metadata.sha256_hash()[..16]);
        let value = |text: String| HeaderValue::from_str(&text).ok();
        Some(Self {
            content_type: value(content_type)?,
            etag: value(format!("\"{hash}\""))?,
            etag_gzip: value(format!("\"{hash}-gz\""))?,
            compressible: textual || mime == "application/wasm",
            bytes: file.data,
            gzip: OnceLock::new(),
        })
    }

    fn gzipped(&self) -> Option<&Bytes> {
        if !self.compressible {
            return None;
        }
        self.gzip
            .get_or_init(|| {
                let mut encoder =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                encoder.write_all(&self.bytes).ok()?;
                let compressed = encoder.finish().ok()?;
                (compressed.len() < self.bytes.len()).then(|| Bytes::from(compressed))
            })
            .as_ref()
    }
}

static FILES: LazyLock<HashMap<String, File>> = LazyLock::new(|| {
    Dist::iter()
        .filter_map(|path| {
            let file = File::of(Dist::get(&path)?)?;
            Some((path.into_owned(), file))
        })
        .collect()
});

async fn serve(uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().strip_prefix(BASE).unwrap_or_default();
    let (name, file) = match FILES.get(path) {
        Some(file) if !path.is_empty() => (path, file),
        _ if path.starts_with(ASSETS_DIR) => return not_found(path),
        _ => match FILES.get(INDEX) {
            Some(index) => (INDEX, index),
            None => return not_found(INDEX),
        },
    };
    let gzip = if accepts_gzip(&headers) { file.gzipped() } else { None };
    let etag = if gzip.is_some() { &file.etag_gzip } else { &file.etag };
    let mut response = if matches_etag(&headers, etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let body = match gzip {
            Some(bytes) => Body::from(bytes.clone()),
            None => match &file.bytes {
                Cow::Borrowed(bytes) => Body::from(Bytes::from_static(bytes)),
                Cow::Owned(bytes) => Body::from(bytes.clone()),
            },
        };
        let mut response = Response::new(body);
        response.headers_mut().insert(header::CONTENT_TYPE, file.content_type.clone());
        if gzip.is_some() {
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        response
    };
    let out = response.headers_mut();
    out.insert(header::ETAG, etag.clone());
    out.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control(name)));
    if file.compressible {
        out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    security_headers(out);
    response
}

/// How long a browser may keep a file of `dist/` without asking again.
fn cache_control(name: &str) -> &'static str {
    if name.starts_with(ASSETS_DIR) { IMMUTABLE } else { REVALIDATE }
}

fn not_found(path: &str) -> Response {
    let mut response = (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("the console has no file {path:?}; reload the page to get the current one\n"),
    )
        .into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    security_headers(response.headers_mut());
    response
}

/// Set here rather than left to the API's layer, whose policy (`default-src 'none'`) would
/// keep the console from loading its own scripts.
fn security_headers(headers: &mut HeaderMap) {
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    headers.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
}

/// Whether `Accept-Encoding` admits gzip: named with a non-zero weight, or not named and
/// `*` admitted.
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let mut gzip = None;
    let mut any = None;
    let items = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','));
    for item in items {
        let mut parts = item.split(';');
        let coding = parts.next().unwrap_or_default().trim();
        let weight = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
        if coding.eq_ignore_ascii_case("gzip") || coding.eq_ignore_ascii_case("x-gzip") {
            gzip = Some(weight > 0.0);
        } else if coding == "*" {
            any = Some(weight > 0.0);
        }
    }
    gzip.or(any).unwrap_or(false)
}

fn matches_etag(headers: &HeaderMap, etag: &HeaderValue) -> bool {
    let Some(wanted) = etag.to_str().ok() else { return false };
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == "*" || tag == wanted)
}

#[cfg(test)]
mod tests;
