//! {{description_rustdoc}}
//!
//! This crate is both a Rust library and a Python extension module:
//!
//! - the core (this module, [`Counter`], [`Error`]{% if serde %}, [`Settings`]{% endif %}{% if numpy %}, [`arrays`]{% endif %}{% if asyncio %}, [`aio`]{% endif %}) is plain Rust
//!   that other crates can depend on and that builds and tests without Python
//!   (`cargo test --no-default-features`);
//! - the `python` feature (on by default) adds the PyO3 bindings in
//!   `src/python/`, which maturin builds into the `{{python_module}}._core`
//!   extension module of the `{{project-name}}` Python package.
{%- if c_abi %}
//!
//! [`ffi`] exports a plain C ABI from the same shared library, for C callers
//! and for Python's `ctypes` (`include/{{crate_name}}.h` declares it).
{%- endif %}

// The core, one module per part; `python` holds the bindings.
{%- if asyncio %}
pub mod aio;
{%- endif %}
{%- if numpy %}
pub mod arrays;
{%- endif %}
mod counter;
mod error;
{%- if c_abi %}
pub mod ffi;
{%- endif %}
#[cfg(feature = "python")]
mod python;
{%- if serde %}
mod settings;
{%- endif %}

pub use counter::Counter;
pub use error::{Error, Result};
{%- if serde %}
pub use settings::{BAUD_RATES, Channel, Level, Logging, Settings};
{%- endif %}

/// Adds two integers, reporting overflow instead of wrapping.
///
/// ```
/// assert_eq!({{crate_name}}::add(2, 3), Ok(5));
/// assert!({{crate_name}}::add(i64::MAX, 1).is_err());
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
