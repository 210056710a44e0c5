//! Uses the crate the way another Rust crate would: through its public API only.

use my_project::{Counter, Error, add};

#[test]
fn add_is_checked() {
    assert_eq!(add(40, 2), Ok(42));
    assert_eq!(add(i64::MAX, 1), Err(Error::Overflow { operation: "add" }));
}

#[test]
fn a_counter_stops_at_its_limit() {
    let mut counter = Counter::new(0, 3, Some(7)).expect("valid arguments");
    assert_eq!(counter.advance(2), Ok(6));
    let err = counter.advance(1).expect_err("9 is past the limit");
    assert_eq!(
        err.to_string(),
        "limit 7 exceeded: the counter would reach 9"
    );
    assert_eq!(counter.value(), 6);
}

#[test]
fn errors_work_with_error_handling_crates() {
    // `anyhow` (and `Box<dyn Error>`) need errors that are Send + Sync + 'static.
    fn lift(result: Result<Counter, Error>) -> anyhow::Result<Counter> {
        Ok(result?)
    }
    let err = lift(Counter::new(0, 0, None)).expect_err("a zero step is invalid");
    assert_eq!(err.to_string(), "invalid step: must not be zero");
    assert!(err.downcast_ref::<Error>().is_some());
}
