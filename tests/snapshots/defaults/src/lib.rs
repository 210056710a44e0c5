//! Rust code callable from Python, built with PyO3 and maturin
//!
//! This crate is both a Rust library and a Python extension module:
//!
//! - the core (this module, [`Counter`], [`Error`]) is plain Rust
//!   that other crates can depend on and that builds and tests without Python
//!   (`cargo test --no-default-features`);
//! - the `python` feature (on by default) adds the PyO3 bindings in
//!   `src/python/`, which maturin builds into the `my_project._core`
//!   extension module of the `my-project` Python package.

// The core, one module per part; `python` holds the bindings.
mod counter;
mod error;
#[cfg(feature = "python")]
mod python;

pub use counter::Counter;
pub use error::{Error, Result};

/// Adds two integers, reporting overflow instead of wrapping.
///
/// ```
/// assert_eq!(my_project::add(2, 3), Ok(5));
/// assert!(my_project::add(i64::MAX, 1).is_err());
/// ```
///
/// # Errors
/// [`Error::Overflow`] if the sum does not fit in an `i64`.
pub fn add(a: i64, b: i64) -> Result<i64> {
    a.checked_add(b).ok_or(Error::Overflow { operation: "add" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_and_reports_overflow() {
        assert_eq!(add(-2, 2), Ok(0));
        assert_eq!(add(i64::MAX, 0), Ok(i64::MAX));
        assert_eq!(add(i64::MIN, -1), Err(Error::Overflow { operation: "add" }));
        assert_eq!(
            Error::Overflow { operation: "add" }.to_string(),
            "integer overflow in add"
        );
    }
}
