//! JSON request bodies, read by one set of rules on every route that takes one:
//! `Content-Type: application/json` (which a browser cannot send to another site without a
//! CORS preflight, and Ophion answers preflights only for configured origins), no
//! `Content-Encoding`, at most [`MAX_JSON_BODY`] bytes (or the target type's smaller
//! [`JsonInput::MAX_BYTES`]), exactly one JSON value with nothing but whitespace after it, no
//! more memory once decoded than [`decoded_size`] allows for the
//! target type's [`JsonInput::SHAPE`], and the target type's own rules (unknown fields
//! refused).

use axum::extract::{FromRequest, Request};
use http::header;
use ophion_core::Error;
use ophion_core::decoded_size::{self, Shape};
use serde::de::DeserializeOwned;

use crate::AppError;

/// Largest JSON body: 10,000 measurements with labels fit comfortably.
pub const MAX_JSON_BODY: usize = 16 << 20;

/// A type a JSON body decodes into, with what it holds that costs memory beyond its bytes:
/// millions of tiny labels or array elements fit the body limit but not in memory.
pub trait JsonInput: DeserializeOwned {
    const SHAPE: &'static Shape;
    /// The largest body taken; smaller for documents that are never large.
    const MAX_BYTES: usize = MAX_JSON_BODY;
}

/// A request body decoded as `T`, by the rules in the module doc.
pub struct JsonBody<T>(pub T);

impl<T: JsonInput, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, _: &S) -> Result<Self, AppError> {
        check_content_type(request.headers().get(header::CONTENT_TYPE))?;
        check_content_encoding(request.headers().get(header::CONTENT_ENCODING))?;
        let body = read(request.into_body(), T::MAX_BYTES).await?;
        check_decoded_size(&body, T::SHAPE)?;
        Ok(Self(decode(&body)?))
    }
}

/// Refuses (413) a body that would take out of proportion more memory decoded than as bytes.
/// The walk stops at a syntax error (with its line and column) before the decoder allocates.
fn check_decoded_size(body: &[u8], shape: &'static Shape) -> Result<(), Error> {
    let decoded = decoded_size::json(body, shape)
        .map_err(|e| Error::invalid(format!("invalid JSON body: {e}")))?;
    decoded_size::check(decoded, body.len())
}

fn check_content_type(value: Option<&http::HeaderValue>) -> Result<(), Error> {
    let refuse = || {
        Error::unsupported_media(format!(
            "Content-Type must be application/json, got {}",
            value.and_then(|v| v.to_str().ok()).map_or("none".into(), |v| format!("{v:?}"))
        ))
    };
    let text = value.and_then(|v| v.to_str().ok()).ok_or_else(refuse)?;
    let mut parts = text.split(';').map(str::trim);
    if !parts.next().is_some_and(|essence| essence.eq_ignore_ascii_case("application/json")) {
        return Err(refuse());
    }
    for parameter in parts.filter(|p| !p.is_empty()) {
        let (name, value) = parameter.split_once('=').ok_or_else(refuse)?;
        if name.trim().eq_ignore_ascii_case("charset")
            && !value.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
        {
            return Err(Error::unsupported_media("JSON bodies must be UTF-8 (charset=utf-8)"));
        }
    }
    Ok(())
}

fn check_content_encoding(value: Option<&http::HeaderValue>) -> Result<(), Error> {
    match value.map(|v| v.to_str().map(str::trim)) {
        None => Ok(()),
        Some(Ok(encoding)) if encoding.eq_ignore_ascii_case("identity") => Ok(()),
        Some(encoding) => Err(Error::unsupported_media(format!(
            "Content-Encoding {} is not supported here; send the JSON uncompressed",
            encoding.map_or("(not text)".into(), |e| format!("{e:?}"))
        ))),
    }
}

#[allow(clippy::disallowed_methods)] // collect() on a Limited body
async fn read(body: axum::body::Body, max_bytes: usize) -> Result<bytes::Bytes, Error> {
    use http_body_util::BodyExt;
    match http_body_util::Limited::new(body, max_bytes).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            Err(Error::too_large(format!("request body exceeds {max_bytes} bytes")))
        }
        Err(e) => Err(Error::invalid(format!("could not read request body: {e}"))),
    }
}

fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    let invalid = |at: String, e: &dyn std::fmt::Display| {
        Error::invalid(format!("invalid JSON body{at}: {e}"))
    };
    let mut de = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let at = if path == "." { String::new() } else { format!(" at {path}") };
        invalid(at, e.inner())
    })?;
    de.end().map_err(|e| invalid(String::new(), &e))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Named {
        #[allow(dead_code)]
        name: String,
    }

    #[test]
    fn only_json_is_read() {
        let ok = |v: &'static str| check_content_type(Some(&HeaderValue::from_static(v)));
        assert!(ok("application/json").is_ok());
        assert!(ok("Application/JSON; charset=UTF-8").is_ok());
        for refused in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "application/jsonp",
            "application/json; charset=latin1",
        ] {
            assert_eq!(ok(refused).unwrap_err().kind.http_status(), 415, "{refused}");
        }
        assert_eq!(check_content_type(None).unwrap_err().kind.http_status(), 415);
    }

    #[test]
    fn compressed_bodies_are_refused() {
        assert!(check_content_encoding(None).is_ok());
        assert!(check_content_encoding(Some(&HeaderValue::from_static("identity"))).is_ok());
        let err = check_content_encoding(Some(&HeaderValue::from_static("gzip"))).unwrap_err();
        assert_eq!(err.kind.http_status(), 415);
        assert!(err.message.contains("gzip"));
    }

    #[test]
    fn one_value_and_nothing_after_it() {
        assert!(decode::<Named>(br#" {"name": "a"} "#).is_ok());
        let err = decode::<Named>(br#"{"name": "a"} junk"#).unwrap_err();
        assert!(err.message.contains("trailing"), "{}", err.message);
        assert!(decode::<Named>(br#"{"name": "a"}{"name": "b"}"#).is_err());
        let err = decode::<Named>(br#"{"name": "a", "colour": "red"}"#).unwrap_err();
        assert!(err.message.contains("colour"), "{}", err.message);
    }
}
