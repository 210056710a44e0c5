//! Awaitable functions: [`crate::aio`] on pyo3-async-runtimes' tokio runtime.

use pyo3::prelude::*;

use super::counter::Counter;

/// Wait ``delay`` seconds without blocking the event loop, then advance
/// ``counter`` by ``times`` steps; the awaitable gives the new value.
///
/// The wait runs on a Rust (tokio) runtime, so many can run at once.
/// Cancelling the awaitable before the delay is over leaves the counter
/// untouched. Call it from a coroutine (it needs the running event loop).
/// Raises InvalidArgumentError at once for a delay outside 0 to 86400
/// seconds; errors of ``Counter.advance`` arrive when awaited.
#[pyfunction]
#[pyo3(signature = (counter, delay, times = 1))]
pub(super) fn advance_later<'py>(
    py: Python<'py>,
    counter: Py<Counter>,
    delay: f64,
    times: u32,
) -> PyResult<Bound<'py, PyAny>> {
    let delay = crate::aio::delay_from_secs(delay)?;
    pyo3_async_runtimes::tokio::future_into_py(py, async move {
        let value = crate::aio::advance_later(counter.get().inner(), delay, times).await?;
        Ok(value)
    })
}
