//! The `Counter` class: the core [`crate::Counter`] behind a lock.

use std::sync::{Mutex, MutexGuard, PoisonError};

use pyo3::prelude::*;

/// A counter that moves in fixed steps and may stop at a limit.
///
/// ``step`` may be negative (the counter then counts down) but not zero. Instances
/// are safe to share between threads: each operation locks the counter.
#[pyclass(frozen)]
#[pyo3(module = "hubctl")]
pub(super) struct Counter {
    inner: Mutex<crate::Counter>,
}

impl Counter {
    /// The core counter, locked for the duration of one operation.
    fn lock(&self) -> MutexGuard<'_, crate::Counter> {
        // `advance` changes the value all at once, so a panic elsewhere cannot
        // leave it half-updated: a poisoned lock still guards a valid counter.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[pymethods]
impl Counter {
    /// Create a counter at ``start``; the class docstring explains ``step`` and ``limit``.
    #[new]
    #[pyo3(signature = (start = 0, *, step = 1, limit = None))]
    fn new(start: i64, step: i64, limit: Option<i64>) -> PyResult<Self> {
        let inner = crate::Counter::new(start, step, limit)?;
        Ok(Self {
            inner: Mutex::new(inner),
        })
    }

    /// The current value.
    #[getter]
    fn value(&self) -> i64 {
        self.lock().value()
    }

    /// The amount one step adds.
    #[getter]
    fn step(&self) -> i64 {
        self.lock().step()
    }

    /// The value the counter never passes, or None.
    #[getter]
    fn limit(&self) -> Option<i64> {
        self.lock().limit()
    }

    /// Move ``times`` steps and return the new value.
    ///
    /// All or nothing: raises LimitExceededError (and keeps the value) if the
    /// counter would pass its limit, OverflowError if the value would not fit
    /// in 64 bits.
    #[pyo3(signature = (times = 1))]
    fn advance(&self, times: u32) -> PyResult<i64> {
        Ok(self.lock().advance(times)?)
    }

    /// ``Counter(value, step=..., limit=...)``: the call that makes an equal counter.
    fn __repr__(&self) -> String {
        let counter = self.lock();
        let limit = counter
            .limit()
            .map_or_else(|| "None".to_owned(), |limit| limit.to_string());
        format!(
            "Counter({}, step={}, limit={limit})",
            counter.value(),
            counter.step()
        )
    }

    /// Counters are equal when their value, step and limit are; comparing with
    /// anything else gives ``NotImplemented`` (so ``==`` is False).
    fn __eq__(&self, other: &Bound<'_, Self>) -> bool {
        // Copy one side out first: comparing a counter with itself must not
        // take its lock twice.
        let mine = self.lock().clone();
        mine == *other.get().lock()
    }
}
