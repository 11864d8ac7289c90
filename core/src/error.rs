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
    /// Retryable only where waiting can help: space that the writer or retention frees again,
    /// and failures that are transient by nature. A denied permission, a read-only filesystem,
    /// a missing or damaged file meet a retry with the same answer.
    fn from(err: std::io::Error) -> Self {
        use std::io::ErrorKind as Io;
        let kind = match err.kind() {
            Io::StorageFull | Io::QuotaExceeded | Io::OutOfMemory => ErrorKind::Unavailable,
            Io::Interrupted
            | Io::TimedOut
            | Io::WouldBlock
            | Io::ResourceBusy
            | Io::ConnectionRefused
            | Io::ConnectionReset
            | Io::ConnectionAborted
            | Io::NotConnected
            | Io::BrokenPipe
            | Io::NetworkDown
            | Io::NetworkUnreachable
            | Io::HostUnreachable => ErrorKind::Unavailable,
            _ => ErrorKind::Internal,
        };
        Self::new(kind, format!("i/o error: {err}"))
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

    #[test]
    fn io_errors_are_retryable_only_where_waiting_can_help() {
        use std::io::ErrorKind as Io;
        let cases = [
            (Io::StorageFull, ErrorKind::Unavailable),
            (Io::QuotaExceeded, ErrorKind::Unavailable),
            (Io::OutOfMemory, ErrorKind::Unavailable),
            (Io::Interrupted, ErrorKind::Unavailable),
            (Io::TimedOut, ErrorKind::Unavailable),
            (Io::WouldBlock, ErrorKind::Unavailable),
            (Io::ResourceBusy, ErrorKind::Unavailable),
            (Io::ConnectionReset, ErrorKind::Unavailable),
            (Io::PermissionDenied, ErrorKind::Internal),
            (Io::ReadOnlyFilesystem, ErrorKind::Internal),
            (Io::NotFound, ErrorKind::Internal),
            (Io::InvalidData, ErrorKind::Internal),
            (Io::InvalidInput, ErrorKind::Internal),
            (Io::Other, ErrorKind::Internal),
        ];
        for (io, expected) in cases {
            let err = Error::from(std::io::Error::new(io, "disk says no"));
            assert_eq!(err.kind, expected, "{io:?}");
            assert_eq!(err.retry_after.is_some(), expected.is_retryable(), "{io:?}");
            assert_eq!(err.message, "i/o error: disk says no", "{io:?}");
        }
        // What the kernel reports, not only what a caller constructs.
        let enospc = Error::from(std::io::Error::from_raw_os_error(28));
        assert_eq!(enospc.kind, ErrorKind::Unavailable, "{enospc}");
        let erofs = Error::from(std::io::Error::from_raw_os_error(30));
        assert_eq!(erofs.kind, ErrorKind::Internal, "{erofs}");
    }
}
