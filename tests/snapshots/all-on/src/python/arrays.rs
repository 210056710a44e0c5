//! numpy functions: [`crate::arrays`] on numpy arrays, without copying.
//!
//! Each function checks what it is given and says what it wanted: a
//! one-dimensional, contiguous float64 array (and a writable one to change
//! in place). They hold on to the interpreter while they run: releasing it
//! would let Python code change the array during the call.

use numpy::{PyArray1, PyArrayDescrMethods, PyArrayMethods, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;

/// `array` as a one-dimensional float64 array, or a TypeError saying what it is.
fn float_vector<'a, 'py>(array: &'a Bound<'py, PyAny>) -> PyResult<&'a Bound<'py, PyArray1<f64>>> {
    let Ok(untyped) = array.cast::<PyUntypedArray>() else {
        return Err(PyTypeError::new_err(format!(
            "expected a numpy.ndarray of float64, got {}",
            array.get_type().name()?
        )));
    };
    let (ndim, dtype) = (untyped.ndim(), untyped.dtype());
    if ndim != 1 || !dtype.is_equiv_to(&numpy::dtype::<f64>(array.py())) {
        return Err(PyTypeError::new_err(format!(
            "expected a 1-dimensional float64 array, got a {ndim}-dimensional {dtype} array"
        )));
    }
    Ok(array.cast::<PyArray1<f64>>()?)
}

fn not_contiguous() -> PyErr {
    PyValueError::new_err(
        "the array is not contiguous; pass numpy.ascontiguousarray(array) (which copies)",
    )
}

/// Return the Euclidean (L2) norm of a 1-dimensional float64 array.
///
/// Reads the array in place. Raises TypeError for another dtype or number of
/// dimensions, ValueError for a non-contiguous array (a strided view).
#[pyfunction]
pub(super) fn norm(array: &Bound<'_, PyAny>) -> PyResult<f64> {
    let array = float_vector(array)?.try_readonly()?;
    let values = array.as_slice().map_err(|_| not_contiguous())?;
    Ok(crate::arrays::norm(values))
}

/// Multiply every element of a 1-dimensional float64 array by ``factor``, in place.
///
/// Raises TypeError for another dtype or number of dimensions, ValueError for a
/// non-contiguous or read-only array.
#[pyfunction]
pub(super) fn scale(array: &Bound<'_, PyAny>, factor: f64) -> PyResult<()> {
    let mut array = float_vector(array)?
        .try_readwrite()
        .map_err(|err| PyValueError::new_err(format!("cannot change the array: {err}")))?;
    let values = array.as_slice_mut().map_err(|_| not_contiguous())?;
    crate::arrays::scale(values, factor);
    Ok(())
}
