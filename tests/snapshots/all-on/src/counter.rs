//! [`Counter`], a small stateful type: the core of the `Counter` Python class.

use crate::{Error, Result};

/// A counter that moves in fixed steps and may stop at a limit.
///
/// ```
/// use everything::Counter;
///
/// let mut counter = Counter::new(0, 5, Some(10))?;
/// assert_eq!(counter.advance(2)?, 10);
/// assert!(counter.advance(1).is_err()); // 15 would pass the limit
/// assert_eq!(counter.value(), 10); // a failed step changes nothing
/// # Ok::<(), everything::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counter {
    value: i64,
    step: i64,
    limit: Option<i64>,
}

impl Counter {
    /// Creates a counter at `start` that moves by `step` (which may be
    /// negative, but not zero) and never passes `limit`.
    ///
    /// # Errors
    /// [`Error::InvalidArgument`] if `step` is zero or `start` is already past
    /// `limit` in the direction of `step`.
    pub fn new(start: i64, step: i64, limit: Option<i64>) -> Result<Self> {
        if step == 0 {
            return Err(Error::InvalidArgument {
                name: "step",
                reason: "must not be zero".to_owned(),
            });
        }
        let counter = Self {
            value: start,
            step,
            limit,
        };
        if let Some(limit) = limit {
            if counter.is_past(i128::from(start), limit) {
                return Err(Error::InvalidArgument {
                    name: "start",
                    reason: format!("{start} is already past the limit {limit}"),
                });
            }
        }
        Ok(counter)
    }

    /// The current value.
    pub fn value(&self) -> i64 {
        self.value
    }

    /// The amount one step adds.
    pub fn step(&self) -> i64 {
        self.step
    }

    /// The value the counter never passes, if any.
    pub fn limit(&self) -> Option<i64> {
        self.limit
    }

    /// Moves `times` steps forward and returns the new value.
    ///
    /// All or nothing: on error the counter keeps its value.
    ///
    /// # Errors
    /// [`Error::LimitExceeded`] if the new value would pass the limit,
    /// [`Error::Overflow`] if it would not fit in an `i64`.
    pub fn advance(&mut self, times: u32) -> Result<i64> {
        // i128 holds every `value + step * times` exactly, so the limit is
        // checked against the true result, not a wrapped one.
        let next = i128::from(self.value) + i128::from(self.step) * i128::from(times);
        if let Some(limit) = self.limit {
            if self.is_past(next, limit) {
                let attempted =
                    i64::try_from(next).unwrap_or(if next > 0 { i64::MAX } else { i64::MIN });
                return Err(Error::LimitExceeded { limit, attempted });
            }
        }
        self.value = i64::try_from(next).map_err(|_| Error::Overflow {
            operation: "Counter.advance",
        })?;
        Ok(self.value)
    }

    /// Whether `value` lies beyond `limit` in the direction the counter moves.
    fn is_past(&self, value: i128, limit: i64) -> bool {
        let limit = i128::from(limit);
        if self.step > 0 {
            value > limit
        } else {
            value < limit
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_up_and_down() {
        let mut up = Counter::new(1, 2, None).unwrap();
        assert_eq!(up.advance(3), Ok(7));
        let mut down = Counter::new(0, -3, Some(-9)).unwrap();
        assert_eq!(down.advance(3), Ok(-9));
        assert_eq!(
            down.advance(1),
            Err(Error::LimitExceeded {
                limit: -9,
                attempted: -12
            })
        );
    }

    #[test]
    fn zero_steps_change_nothing() {
        let mut counter = Counter::new(4, 1, Some(4)).unwrap();
        assert_eq!(counter.advance(0), Ok(4));
    }

    #[test]
    fn rejects_a_zero_step_and_a_start_past_the_limit() {
        assert!(matches!(
            Counter::new(0, 0, None),
            Err(Error::InvalidArgument { name: "step", .. })
        ));
        assert!(matches!(
            Counter::new(11, 1, Some(10)),
            Err(Error::InvalidArgument { name: "start", .. })
        ));
        assert!(matches!(
            Counter::new(-11, -1, Some(-10)),
            Err(Error::InvalidArgument { name: "start", .. })
        ));
    }

    #[test]
    fn overflow_is_an_error_and_leaves_the_value() {
        let mut counter = Counter::new(i64::MAX - 1, 1, None).unwrap();
        assert!(matches!(counter.advance(2), Err(Error::Overflow { .. })));
        assert_eq!(counter.value(), i64::MAX - 1);
        let mut huge = Counter::new(0, i64::MAX, None).unwrap();
        assert!(matches!(
            huge.advance(u32::MAX),
            Err(Error::Overflow { .. })
        ));
    }

    #[test]
    fn a_step_past_the_limit_and_the_i64_range_reports_the_limit() {
        let mut counter = Counter::new(i64::MAX - 1, 5, Some(i64::MAX)).unwrap();
        assert_eq!(
            counter.advance(1),
            Err(Error::LimitExceeded {
                limit: i64::MAX,
                attempted: i64::MAX
            })
        );
    }

    #[test]
    fn a_large_step_product_that_lands_in_range_is_fine() {
        // step * times alone does not fit in an i64, the sum does.
        let mut counter = Counter::new(i64::MIN, 1 << 62, None).unwrap();
        assert_eq!(counter.advance(3), Ok(1 << 62)); // -2^63 + 3 * 2^62
    }
}
