//! A plain C ABI, exported from the same shared library as the Python module.
//!
//! `include/my_project.h` declares these functions for C (cbindgen writes
//! it; `tests/c_abi.rs` fails when it is out of date and compiles and runs a C
//! program against it), and `python/my_project/cabi.py` calls them from
//! Python through `ctypes`.
//!
//! The exported symbols carry the crate name (`my_project_add`), the
//! constants get it as a prefix in the header (`MY_PROJECT_OK`). Every
//! function returns a status code and writes its result through an
//! out-pointer. No Rust panic crosses the boundary: a panic becomes
//! [`ERR_PANIC`].

use std::ffi::{CStr, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use crate::Error;

/// Success.
pub const OK: i32 = 0;
/// A pointer argument was NULL.
pub const ERR_NULL_POINTER: i32 = 1;
/// The result does not fit in 64 bits.
pub const ERR_OVERFLOW: i32 = 2;
/// A length is larger than any buffer can be.
pub const ERR_INVALID_LENGTH: i32 = 3;
/// An argument is outside the values the function accepts.
pub const ERR_INVALID_ARGUMENT: i32 = 4;
/// A bug: the library panicked (and recovered); the call did nothing.
pub const ERR_PANIC: i32 = 99;

/// Runs `body`, turning its error or a panic into a status code.
fn guard(body: impl FnOnce() -> Result<(), i32>) -> i32 {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => OK,
        Ok(Err(status)) => status,
        Err(_) => ERR_PANIC,
    }
}

/// The status code for a core error.
fn status(err: &Error) -> i32 {
    match err {
        Error::Overflow { .. } => ERR_OVERFLOW,
        _ => ERR_INVALID_ARGUMENT,
    }
}

/// Writes `value` through `out`.
///
/// # Safety
/// `out` must be NULL or valid for writing an `i64`.
unsafe fn write_out(out: *mut i64, value: i64) -> Result<(), i32> {
    if out.is_null() {
        return Err(ERR_NULL_POINTER);
    }
    // SAFETY: not NULL, and the caller promises it is valid for writes.
    unsafe { out.write(value) };
    Ok(())
}

/// Adds `a` and `b` into `*out`.
///
/// Returns `MY_PROJECT_OK`, `MY_PROJECT_ERR_NULL_POINTER` or
/// `MY_PROJECT_ERR_OVERFLOW` (`*out` is then unchanged).
///
/// # Safety
/// `out` must be NULL or valid for writing an `int64_t`.
#[unsafe(export_name = "my_project_add")]
pub unsafe extern "C" fn add(a: i64, b: i64, out: *mut i64) -> i32 {
    guard(|| {
        let sum = crate::add(a, b).map_err(|err| status(&err))?;
        // SAFETY: the caller's promise about `out` is ours to pass on.
        unsafe { write_out(out, sum) }
    })
}

/// Sums the `len` integers at `values` into `*out` (0 when `len` is 0).
///
/// Returns `MY_PROJECT_OK`, `MY_PROJECT_ERR_NULL_POINTER` (either pointer NULL,
/// whatever `len`), `MY_PROJECT_ERR_INVALID_LENGTH` (`len` too large for any
/// array) or `MY_PROJECT_ERR_OVERFLOW`.
///
/// # Safety
/// `values` must be NULL or point to `len` readable `int64_t`s, and `out`
/// must be NULL or valid for writing an `int64_t`.
#[unsafe(export_name = "my_project_sum")]
pub unsafe extern "C" fn sum(values: *const i64, len: usize, out: *mut i64) -> i32 {
    guard(|| {
        if values.is_null() || out.is_null() {
            return Err(ERR_NULL_POINTER);
        }
        // A slice may span at most isize::MAX bytes: a longer one cannot exist.
        if len > isize::MAX.unsigned_abs() / size_of::<i64>() {
            return Err(ERR_INVALID_LENGTH);
        }
        // SAFETY: not NULL, the length is possible, and the caller promises
        // `len` readable elements.
        let values = unsafe { std::slice::from_raw_parts(values, len) };
        let total = values
            .iter()
            .try_fold(0_i64, |total, &value| crate::add(total, value))
            .map_err(|err| status(&err))?;
        // SAFETY: the caller's promise about `out` is ours to pass on.
        unsafe { write_out(out, total) }
    })
}

/// A static, NUL-terminated English description of a status code.
#[unsafe(export_name = "my_project_status_message")]
pub extern "C" fn status_message(status: i32) -> *const c_char {
    let message: &'static CStr = match status {
        OK => c"success",
        ERR_NULL_POINTER => c"a pointer argument is NULL",
        ERR_OVERFLOW => c"integer overflow",
        ERR_INVALID_LENGTH => c"length too large for any buffer",
        ERR_INVALID_ARGUMENT => c"invalid argument",
        ERR_PANIC => c"internal error (a Rust panic, caught)",
        _ => c"unknown status code",
    };
    message.as_ptr()
}

/// The library version (the crate version), static and NUL-terminated.
#[unsafe(export_name = "my_project_version")]
pub extern "C" fn version() -> *const c_char {
    const VERSION: &CStr =
        match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(version) => version,
            Err(_) => panic!("the version has no NUL byte"),
        };
    VERSION.as_ptr()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_reports_through_its_status() {
        let mut out = 0;
        // SAFETY: `out` is a valid i64; NULL is allowed.
        unsafe {
            assert_eq!(add(2, 3, &mut out), OK);
            assert_eq!(out, 5);
            assert_eq!(add(i64::MAX, 1, &mut out), ERR_OVERFLOW);
            assert_eq!(add(1, 1, std::ptr::null_mut()), ERR_NULL_POINTER);
        }
        assert_eq!(out, 5, "a failed call leaves the output alone");
    }

    #[test]
    fn sum_checks_pointers_and_lengths() {
        let values = [1, 2, 3];
        let mut out = 0;
        // SAFETY: `values` holds 3 elements (and 0 is fewer); NULL is allowed;
        // a length past isize::MAX is refused before any read.
        unsafe {
            assert_eq!(sum(values.as_ptr(), 3, &mut out), OK);
            assert_eq!(out, 6);
            assert_eq!(sum(values.as_ptr(), 0, &mut out), OK);
            assert_eq!(out, 0);
            assert_eq!(sum(std::ptr::null(), 0, &mut out), ERR_NULL_POINTER);
            assert_eq!(
                sum(values.as_ptr(), 3, std::ptr::null_mut()),
                ERR_NULL_POINTER
            );
            assert_eq!(
                sum(values.as_ptr(), usize::MAX, &mut out),
                ERR_INVALID_LENGTH
            );
            assert_eq!(sum([i64::MAX, 1].as_ptr(), 2, &mut out), ERR_OVERFLOW);
        }
    }

    #[test]
    fn a_panic_becomes_a_status() {
        assert_eq!(guard(|| panic!("deliberate")), ERR_PANIC);
    }

    #[test]
    fn every_status_has_a_message() {
        for code in [
            OK,
            ERR_NULL_POINTER,
            ERR_OVERFLOW,
            ERR_INVALID_LENGTH,
            ERR_PANIC,
            -1,
        ] {
            // SAFETY: the function returns a static C string.
            let message = unsafe { CStr::from_ptr(status_message(code)) };
            assert!(!message.is_empty());
        }
        // SAFETY: as above.
        let version = unsafe { CStr::from_ptr(version()) };
        assert_eq!(version.to_str(), Ok(env!("CARGO_PKG_VERSION")));
    }
}
