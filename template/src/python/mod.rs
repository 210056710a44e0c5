//! The Python bindings: the `{{python_module}}._core` extension module.
//!
//! Each function and class here is a thin layer over the core crate: it
//! converts arguments, calls the pure-Rust API and lets [`crate::Error`]
//! become the package's exceptions (`errors.rs`). The `.pyi` stubs in
//! `python/{{python_module}}/` describe this module to type checkers;
//! `nox -s types` runs stubtest, which fails when they disagree.

// Classes and groups of functions in modules of their own; `errors` holds the
// exception classes.
{%- if asyncio %}
mod aio;
{%- endif %}
{%- if numpy %}
mod arrays;
{%- endif %}
mod counter;
mod errors;
{%- if serde %}
mod settings;
{%- endif %}

use pyo3::prelude::*;

/// {{description_rustdoc}}
///
/// The compiled core of the ``{{python_module}}`` package; import from
/// ``{{python_module}}`` rather than from here.
{%- if free_threaded %}
// Every class is safe to use from several threads at once, so the module runs
// on free-threaded Python without the GIL (PyO3's default: `gil_used = false`).
#[pymodule(name = "_core")]
{%- else %}
// `gil_used = true` keeps the GIL on for this module on interpreters that can
// run without one: the safe default until the code is reviewed for that.
#[pymodule(name = "_core", gil_used = true)]
{%- endif %}
mod native {
    use pyo3::prelude::*;

    // The classes and functions of the other modules.
{%- if asyncio %}
    #[pymodule_export]
    use super::aio::advance_later;
{%- endif %}
{%- if numpy %}
    #[pymodule_export]
    use super::arrays::{norm, scale};
{%- endif %}
    #[pymodule_export]
    use super::counter::Counter;
    #[pymodule_export]
    use super::errors::{Error, LimitExceededError};
{%- if serde %}
    #[pymodule_export]
    use super::settings::Settings;
{%- endif %}

    /// The version of the Rust crate, which is also the package version.
    #[pymodule_export]
    #[allow(non_upper_case_globals)]
    const __version__: &str = env!("CARGO_PKG_VERSION");

    /// Adds the exception classes made at run time (see `errors.rs`).
    #[pymodule_init]
    fn init(module: &Bound<'_, PyModule>) -> PyResult<()> {
        super::errors::add_to(module)
    }

    // Functions and classes: each #[pyfunction] and #[pyclass] here is part of the module.

    /// Return the sum of two integers.
    ///
    /// Raises OverflowError if an argument or the sum does not fit in 64 bits.
    #[pyfunction]
    fn add(a: i64, b: i64) -> PyResult<i64> {
        Ok(crate::add(a, b)?)
    }
}

#[cfg(test)]
mod tests {
    use pyo3::types::{IntoPyDict, PyDict, PyType};

    use super::*;

    /// A Rust panic reaches Python as `pyo3_runtime.PanicException` instead
    /// of aborting the interpreter.
    #[test]
    fn a_panic_becomes_an_exception() -> PyResult<()> {
        #[pyfunction]
        fn fail() {
            panic!("deliberate");
        }
        Python::initialize();
        Python::attach(|py| {
            let locals = PyDict::new(py);
            locals.set_item("fail", wrap_pyfunction!(fail, py)?)?;
            // Caught in Python: PyO3 resumes a panic that reaches Rust again.
            let code = c"try:\n    fail()\nexcept BaseException as e:\n    caught = type(e).__name__, str(e)";
            py.run(code, None, Some(&locals))?;
            let (kind, message): (String, String) =
                locals.get_item("caught")?.unwrap().extract()?;
            assert_eq!(kind, "PanicException");
            assert_eq!(message, "deliberate");
            Ok(())
        })
    }

    #[test]
    fn the_module_works_when_called_from_rust() -> PyResult<()> {
        Python::initialize();
        Python::attach(|py| {
            let module = pyo3::wrap_pymodule!(native)(py).into_bound(py);
            let sum: i64 = module.getattr("add")?.call1((2, 3))?.extract()?;
            assert_eq!(sum, 5);

            let kwargs = [("step", -2)].into_py_dict(py)?;
            let counter = module.getattr("Counter")?.call((10,), Some(&kwargs))?;
            let value: i64 = counter.call_method1("advance", (3,))?.extract()?;
            assert_eq!(value, 4);
            assert_eq!(
                counter.repr()?.to_string(),
                "Counter(4, step=-2, limit=None)"
            );

            // Made at run time with two bases (errors.rs), and exported.
            let invalid = module.getattr("InvalidArgumentError")?;
            let value_error = py.get_type::<pyo3::exceptions::PyValueError>();
            assert!(invalid.cast::<PyType>()?.is_subclass(&value_error)?);
            Ok(())
        })
    }
}
