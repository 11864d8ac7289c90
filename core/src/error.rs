//! One error type for the whole core contract. Every error carries a kind, and the kind alone
//! decides the HTTP status, the gRPC code and whether a client may retry.

use std::time::Duration;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, as far as a caller needs to know to react.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The request is malformed or semantically invalid; retrying it cannot succeed.
    InvalidInput,
    /// The request body (after decompression) or message is larger than allowed.
    TooLarge,
    /// The media type or content encoding is not supported.
    UnsupportedMedia,
    /// The thing asked for does not exist.
    NotFound,
    /// No credential, or one that is not valid (unknown, expired, revoked, forged).
    Unauthenticated,
    /// A valid credential without the scope or role the call needs.
    PermissionDenied,
    /// A per-client or per-tenant limit is used up. Retry after the delay.
    RateLimited,
    /// Ophion is pushing back: the durable queue is full. Retry after a delay.
    Overloaded,
    /// A dependency (store, disk) is temporarily unavailable. Retry after a delay.
    Unavailable,
    /// A bug or an unexpected failure. Not retryable.
    Internal,
}

impl ErrorKind {
    pub fn http_status(self) -> u16 {
        match self {
            Self::InvalidInput => 400,
            Self::NotFound => 404,
            Self::Unauthenticated => 401,
            Self::PermissionDenied => 403,
            Self::RateLimited => 429,
            Self::TooLarge => 413,
            Self::UnsupportedMedia => 415,
            Self::Overloaded => 429,
            Self::Unavailable => 503,
            Self::Internal => 500,
        }
    }

    /// The gRPC status code (numeric, as in `google.rpc.Code`).
    pub fn grpc_code(self) -> i32 {
        match self {
            Self::InvalidInput => 3,     // INVALID_ARGUMENT
            Self::NotFound => 5,         // NOT_FOUND
            Self::Unauthenticated => 16, // UNAUTHENTICATED
            Self::PermissionDenied => 7, // PERMISSION_DENIED
            // OTLP: RESOURCE_EXHAUSTED is retryable when it carries RetryInfo, which it does.
            Self::RateLimited => 8,
            Self::TooLarge => 8,          // RESOURCE_EXHAUSTED
            Self::UnsupportedMedia => 12, // UNIMPLEMENTED
            // OTLP: UNAVAILABLE (with RetryInfo) is the retryable push-back code.
            Self::Overloaded | Self::Unavailable => 14,
            Self::Internal => 13, // INTERNAL
        }
    }

    /// Whether a client should retry the same request later.
    pub fn is_retryable(self) -> bool {
        matches!(self, Self::Overloaded | Self::Unavailable | Self::RateLimited)
    }

    /// A short machine-readable name used in JSON error bodies.
    pub fn code_name(self) -> &'static str {
        match self {
            Self::InvalidInput => "invalid_argument",
            Self::TooLarge => "payload_too_large",
            Self::UnsupportedMedia => "unsupported_media_type",
            Self::NotFound => "not_found",
            Self::Unauthenticated => "unauthenticated",
            Self::PermissionDenied => "permission_denied",
            Self::RateLimited => "rate_limited",
            Self::Overloaded => "overloaded",
            Self::Unavailable => "unavailable",
            Self::Internal => "internal",
        }
    }
}

/// An error with a kind, a message fit for the client, and for retryable kinds a delay hint.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub retry_after: Option<Duration>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        let retry_after = kind.is_retryable().then_some(Duration::from_secs(1));
        Self { kind, message: message.into(), retry_after }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidInput, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Internal, message)
    }

    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unavailable, message)
    }

    pub fn overloaded(message: impl Into<String>, retry_after: Duration) -> Self {
        Self {
            kind: ErrorKind::Overloaded,
            message: message.into(),
            retry_after: Some(retry_after),
        }
    }

    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unauthenticated, message)
    }

    pub fn permission_denied(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::PermissionDenied, message)
    }

    pub fn rate_limited(message: impl Into<String>, retry_after: Duration) -> Self {
        Self {
            kind: ErrorKind::RateLimited,
            message: message.into(),
            retry_after: Some(retry_after),
        }
    }

    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::TooLarge, message)
    }

    pub fn unsupported_media(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::UnsupportedMedia, message)
    }

    /// The `Retry-After` header value (whole seconds, at least 1) for retryable errors.
    pub fn retry_after_secs(&self) -> Option<u64> {
        self.retry_after.map(|d| d.as_secs().max(1))
    }
}

impl From<std::io::Error> for Error {
    fn from(err: std::io::Error) -> Self {
        // Disk trouble is transient from a client's point of view: push back, don't fail hard.
        Self::unavailable(format!("i/o error: {err}"))
    }
}

/// A URL with its password replaced, for messages and printed settings.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_overload_and_unavailable_are_retryable_over_http() {
        for kind in [
            ErrorKind::InvalidInput,
            ErrorKind::TooLarge,
            ErrorKind::UnsupportedMedia,
            ErrorKind::NotFound,
            ErrorKind::Internal,
            ErrorKind::Unauthenticated,
            ErrorKind::PermissionDenied,
        ] {
            assert!(!kind.is_retryable());
            assert!(![429, 502, 503, 504].contains(&kind.http_status()), "{kind:?}");
        }
        for kind in [ErrorKind::Overloaded, ErrorKind::Unavailable, ErrorKind::RateLimited] {
            assert!(kind.is_retryable());
            assert!([429, 502, 503, 504].contains(&kind.http_status()));
            assert!(Error::new(kind, "x").retry_after.is_some());
        }
    }
}
