//! Why a processor configuration could not be turned into a processor. Every message names the
//! processor, so a user with several of them can find the one at fault.

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A regular expression in the configuration does not compile.
    #[error("processor `{processor}`: invalid regular expression {pattern:?}: {source}")]
    InvalidRegex {
        processor: &'static str,
        pattern: String,
        #[source]
        source: regex::Error,
    },
    /// A value is out of range, missing, or contradicts another setting.
    #[error("processor `{processor}`: {message}")]
    InvalidConfig { processor: &'static str, message: String },
}

impl Error {
    pub(crate) fn invalid(processor: &'static str, message: impl Into<String>) -> Self {
        Self::InvalidConfig { processor, message: message.into() }
    }

    pub(crate) fn regex(processor: &'static str, pattern: &str, source: regex::Error) -> Self {
        Self::InvalidRegex { processor, pattern: pattern.to_owned(), source }
    }
}

impl From<Error> for ophion_core::Error {
    fn from(err: Error) -> Self {
        // A bad processor configuration is the operator's input, never retryable.
        ophion_core::Error::invalid(err.to_string())
    }
}
