//! Async code on tokio: the core behind the awaitable functions of the
//! bindings (which run it on pyo3-async-runtimes' tokio runtime).

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use crate::{Counter, Error, Result};

/// The longest delay [`advance_later`] accepts: one day.
pub const MAX_DELAY: Duration = Duration::from_secs(24 * 60 * 60);

/// Checks a delay given in seconds and turns it into a [`Duration`].
///
/// # Errors
/// [`Error::InvalidArgument`] unless `seconds` is between 0 and one day.
pub fn delay_from_secs(seconds: f64) -> Result<Duration> {
    if !(0.0..=MAX_DELAY.as_secs_f64()).contains(&seconds) {
        return Err(Error::InvalidArgument {
            name: "delay",
            reason: format!(
                "must be between 0 and {} seconds, got {seconds}",
                MAX_DELAY.as_secs()
            ),
        });
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// Waits `delay` without blocking a thread, then advances `counter` by
/// `times` steps and returns its new value.
///
/// Dropping the future before the delay is over (cancelling it) leaves the
/// counter untouched.
///
/// # Errors
/// As [`Counter::advance`].
pub async fn advance_later(counter: &Mutex<Counter>, delay: Duration, times: u32) -> Result<i64> {
    tokio::time::sleep(delay).await;
    counter
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .advance(times)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use tokio::time::Instant;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn waits_then_advances() {
        let counter = Mutex::new(Counter::new(0, 2, None).unwrap());
        let start = Instant::now();
        assert_eq!(
            advance_later(&counter, Duration::from_secs(5), 3).await,
            Ok(6)
        );
        assert_eq!(start.elapsed(), Duration::from_secs(5));
    }

    #[tokio::test(start_paused = true)]
    async fn two_waits_overlap() {
        let counter = Mutex::new(Counter::new(0, 1, None).unwrap());
        let start = Instant::now();
        let delay = Duration::from_secs(1);
        let (a, b) = tokio::join!(
            advance_later(&counter, delay, 1),
            advance_later(&counter, delay, 1)
        );
        assert_eq!(start.elapsed(), delay);
        assert_eq!(
            (a.unwrap() + b.unwrap(), counter.lock().unwrap().value()),
            (3, 2)
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_cancelled_wait_changes_nothing() {
        let counter = Mutex::new(Counter::new(0, 1, None).unwrap());
        let late = advance_later(&counter, Duration::from_secs(10), 1);
        assert!(
            tokio::time::timeout(Duration::from_secs(1), late)
                .await
                .is_err()
        );
        assert_eq!(counter.lock().unwrap().value(), 0);
    }

    #[tokio::test(start_paused = true)]
    async fn errors_arrive_after_the_wait() {
        let counter = Mutex::new(Counter::new(0, 1, Some(0)).unwrap());
        let result = advance_later(&counter, Duration::from_millis(10), 1).await;
        assert!(matches!(result, Err(Error::LimitExceeded { .. })));
    }

    #[test]
    fn delays_are_checked() {
        assert_eq!(delay_from_secs(0.25), Ok(Duration::from_millis(250)));
        for bad in [-1.0, f64::NAN, f64::INFINITY, 1e9] {
            assert!(delay_from_secs(bad).is_err(), "{bad}");
        }
    }
}
