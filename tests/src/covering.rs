//! A small set of option combinations in which every two options appear in
//! all four on/off combinations (a covering array of strength two).
//!
//! Together with "every option off" and "every option on" (which give both
//! off and both on for every pair), the combinations below give each pair
//! one on and the other off, both ways round. The construction: give each of
//! the `n` options a different `k`-bit code with exactly `k / 2` ones. Two
//! different codes of the same weight are never inside one another, so for
//! any two options there is a bit that the first has and the second lacks,
//! and one the other way round. Combination `t` (for `t < k`) turns on the
//! options whose code has bit `t`. `k` is the smallest width with enough such
//! codes: 4 bits cover 6 options, 5 bits 10, 6 bits 20. Of the codes, each
//! option takes the one that loads the combinations most evenly, so that no
//! combination turns on far fewer options than the others.

/// The combinations, as the indices of the options each turns on; beside
/// all-off and all-on, they cover every pair of `n` options both ways.
pub fn mixed(n: usize) -> Vec<Vec<usize>> {
    if n < 2 {
        return Vec::new();
    }
    let width = (2..)
        .find(|&width| binomial(width, width / 2) >= n)
        .expect("some width has enough codes");
    let mut candidates: Vec<u32> = (0_u32..1 << width)
        .filter(|code| code.count_ones() as usize == width / 2)
        .collect();
    // How many options each combination turns on so far.
    let mut loads = vec![0_usize; width];
    let mut codes = Vec::with_capacity(n);
    for _ in 0..n {
        let bits = |code: u32| (0..width).filter(move |bit| code & (1 << bit) != 0);
        // The code whose combinations are the least loaded: the smallest
        // maximum after adding it, then the smallest total before.
        let best = (0..candidates.len())
            .min_by_key(|&index| {
                let code = candidates[index];
                let max = bits(code).map(|bit| loads[bit] + 1).max().unwrap_or(0);
                let total: usize = bits(code).map(|bit| loads[bit]).sum();
                (max, total)
            })
            .expect("enough codes");
        let code = candidates.remove(best);
        for bit in bits(code) {
            loads[bit] += 1;
        }
        codes.push(code);
    }
    (0..width)
        .map(|bit| {
            codes
                .iter()
                .enumerate()
                .filter(|(_, code)| *code & (1 << bit) != 0)
                .map(|(option, _)| option)
                .collect()
        })
        .collect()
}

fn binomial(n: usize, k: usize) -> usize {
    (0..k).fold(1, |acc, i| acc * (n - i) / (i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every ordered pair of distinct options is (on, off) in some combination.
    fn separates_every_pair(n: usize, combinations: &[Vec<usize>]) -> bool {
        (0..n).all(|a| {
            (0..n).all(|b| {
                a == b
                    || combinations
                        .iter()
                        .any(|on| on.contains(&a) && !on.contains(&b))
            })
        })
    }

    #[test]
    fn every_pair_is_covered_both_ways() {
        for n in 2..=25 {
            let combinations = mixed(n);
            assert!(separates_every_pair(n, &combinations), "n = {n}");
            // No option is on everywhere or nowhere (all-on and all-off
            // cover those cases).
            for option in 0..n {
                let on = combinations.iter().filter(|c| c.contains(&option)).count();
                assert!(
                    on > 0 && on < combinations.len(),
                    "n = {n}, option {option}"
                );
            }
        }
    }

    #[test]
    fn the_combinations_are_balanced() {
        for n in 2..=25 {
            let sizes: Vec<usize> = mixed(n).iter().map(Vec::len).collect();
            let (min, max) = (sizes.iter().min().unwrap(), sizes.iter().max().unwrap());
            assert!(max - min <= 1, "n = {n}: {sizes:?}");
        }
    }

    #[test]
    fn few_combinations_are_needed() {
        let sizes: Vec<usize> = [2, 3, 4, 6, 7, 10, 11, 20]
            .iter()
            .map(|&n| mixed(n).len())
            .collect();
        assert_eq!(sizes, [2, 3, 4, 4, 5, 5, 6, 6]);
        assert!(mixed(1).is_empty());
    }

    #[test]
    fn a_combination_that_is_not_covering_is_caught() {
        // The check above can fail: drop one combination of six options.
        let mut combinations = mixed(6);
        combinations.pop();
        assert!(!separates_every_pair(6, &combinations));
    }
}
