//! Numeric functions on slices: the core behind the numpy functions of the
//! bindings, which hand them numpy arrays without copying.

/// The Euclidean (L2) norm of `values`; 0 for an empty slice.
///
/// ```
/// assert_eq!({{crate_name}}::arrays::norm(&[3.0, 4.0]), 5.0);
/// ```
pub fn norm(values: &[f64]) -> f64 {
    values.iter().map(|value| value * value).sum::<f64>().sqrt()
}

/// Multiplies every element of `values` by `factor`, in place.
///
/// ```
/// let mut values = [1.0, -2.0];
/// {{crate_name}}::arrays::scale(&mut values, 0.5);
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
    fn scale_changes_every_element() {
        let mut values = vec![1.0, 2.0, 3.0];
        scale(&mut values, -2.0);
        assert_eq!(values, [-2.0, -4.0, -6.0]);
        let mut empty: [f64; 0] = [];
        scale(&mut empty, 3.0);
    }
}
