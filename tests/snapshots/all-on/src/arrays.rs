//! Numeric functions on slices: the core behind the numpy functions of the
//! bindings, which hand them numpy arrays without copying.

/// The Euclidean (L2) norm of `values`; 0 for an empty slice.
///
/// ```
/// assert_eq!(everything::arrays::norm(&[3.0, 4.0]), 5.0);
/// ```
pub fn norm(values: &[f64]) -> f64 {
    // Eight independent running sums: a single sum is one long chain of
    // dependent additions, which the compiler may not reorder for floats;
    // eight chains let it use SIMD and keep the FPU busy (several times faster).
    let mut lanes = [0.0_f64; 8];
    let chunks = values.chunks_exact(lanes.len());
    let tail: f64 = chunks.remainder().iter().map(|value| value * value).sum();
    for chunk in chunks {
        for (lane, value) in lanes.iter_mut().zip(chunk) {
            *lane += value * value;
        }
    }
    (lanes.iter().sum::<f64>() + tail).sqrt()
}

/// Multiplies every element of `values` by `factor`, in place.
///
/// ```
/// let mut values = [1.0, -2.0];
/// everything::arrays::scale(&mut values, 0.5);
/// assert_eq!(values, [0.5, -1.0]);
/// ```
pub fn scale(values: &mut [f64], factor: f64) {
    for value in values {
        *value *= factor;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_of_nothing_is_zero() {
        assert_eq!(norm(&[]), 0.0);
        assert_eq!(norm(&[-2.0]), 2.0);
    }

    #[test]
    fn norm_counts_every_element_whatever_the_length() {
        // Lengths around the eight-lane chunks: every element counts once.
        for len in 0..=20 {
            let values = vec![2.0; len];
            assert_eq!(norm(&values), (4.0 * len as f64).sqrt(), "length {len}");
        }
    }

    #[test]
    fn scale_changes_every_element() {
        let mut values = vec![1.0, 2.0, 3.0];
        scale(&mut values, -2.0);
        assert_eq!(values, [-2.0, -4.0, -6.0]);
        let mut empty: [f64; 0] = [];
        scale(&mut empty, 3.0);
    }
}
