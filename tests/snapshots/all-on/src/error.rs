//! The errors of the core library.

/// Everything that can go wrong in this crate.
///
/// The Python bindings map each variant to an exception class (see
/// `src/python/errors.rs`), so a new variant must be given one there: the match
/// is exhaustive on purpose.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An argument is outside the values the operation accepts.
    #[error("invalid {name}: {reason}")]
    InvalidArgument {
        /// The name of the argument.
        name: &'static str,
        /// Why the value was refused.
        reason: String,
    },
    /// A [`Counter`](crate::Counter) would pass its limit.
    #[error("limit {limit} exceeded: the counter would reach {attempted}")]
    LimitExceeded {
        /// The limit of the counter.
        limit: i64,
        /// The value the counter would have had (saturated at the `i64` range).
        attempted: i64,
    },
    /// The result does not fit in an `i64`.
    #[error("integer overflow in {operation}")]
    Overflow {
        /// The operation that overflowed.
        operation: &'static str,
    },
    /// [`Settings`](crate::Settings) that cannot be parsed or are invalid.
    #[error("{field}: {reason}")]
    Config {
        /// Where in the settings: a path such as `channels[1].gain`, or `.`
        /// for the whole document.
        field: String,
        /// What is wrong there.
        reason: String,
    },
    /// A settings file cannot be read.
    #[error("cannot read {file}: {reason}")]
    Io {
        /// The file.
        file: String,
        /// What kind of failure, as the operating system reported it.
        kind: std::io::ErrorKind,
        /// The operating system's message.
        reason: String,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
