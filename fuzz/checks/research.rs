//! `research_matrices`: AHP pairwise matrices and data matrices for the entropy
//! and CRITIC methods, from bytes. Every result is weights in `[0, 1]` summing to
//! one (within the rounding unit per weight) or a typed error; never a panic.

use creditgrade::ErrorKind;
use creditgrade::research::{
    Indicator, PairwiseMatrix, WeightOptions, Weights, ahp, critic_weights, entropy_weights,
};
use creditgrade::rust_decimal::Decimal;

use super::bytes::Bytes;

/// Weights in `[0, 1]`, `n` of them, summing to one within the rounding unit.
pub fn check_weights(w: &Weights, n: usize) {
    assert_eq!(w.len(), n);
    let mut sum = Decimal::ZERO;
    for (name, x) in w.iter() {
        assert!(x >= Decimal::ZERO && x <= Decimal::ONE, "{name}: {x}");
        sum += x;
    }
    let places = w.iter().map(|(_, x)| x.scale()).max().unwrap_or(0);
    let unit = Decimal::new(1, places.min(28));
    let slack = unit * Decimal::from(n as u64);
    assert!(
        (sum - Decimal::ONE).abs() <= slack,
        "weights sum to {sum}: {w:?}"
    );
}

/// A positive ratio-scale judgement: Saaty's 1/9..9, or an extreme value.
fn judgement(b: &mut Bytes<'_>) -> Decimal {
    let x = b.u8();
    match x % 4 {
        0 => Decimal::from(1 + u32::from(x / 4) % 9),
        1 => Decimal::ONE / Decimal::from(1 + u32::from(x / 4) % 9),
        2 => Decimal::from(1 + u32::from(b.u16())),
        _ => Decimal::new(1 + i64::from(b.u16()), 3),
    }
}

/// A data value: small, large, negative, tiny or zero.
fn value(b: &mut Bytes<'_>) -> Decimal {
    let x = b.u8();
    match x % 6 {
        0 => Decimal::ZERO,
        1 => Decimal::from(i64::from(b.u16())),
        2 => -Decimal::from(i64::from(b.u8())),
        3 => Decimal::new(1 + i64::from(b.u8()), 20 + u32::from(b.u8() % 9)),
        4 => Decimal::from(b.u64() >> 8),
        _ => Decimal::new(i64::from(b.u32()), 4),
    }
}

fn options(b: &mut Bytes<'_>) -> WeightOptions {
    let mut o = WeightOptions::default().places(u32::from(b.u8() % 12));
    if b.u8() % 4 == 0 {
        o = o.max_iterations(u32::from(b.u16()));
    }
    o
}

fn typed(e: &creditgrade::Error) {
    assert!(
        matches!(
            e.kind(),
            ErrorKind::InvalidInput | ErrorKind::Overflow | ErrorKind::InvalidPolicy
        ),
        "{e:?}"
    );
}

pub fn check(data: &[u8]) {
    let mut b = Bytes::new(data);
    let o = options(&mut b);
    if b.bool() {
        let n = 1 + b.below(8);
        let names: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
        let upper: Vec<Decimal> = (0..n * (n - 1) / 2).map(|_| judgement(&mut b)).collect();
        match PairwiseMatrix::from_upper(names, &upper) {
            Ok(m) => {
                for i in 0..n {
                    for j in 0..n {
                        let (x, y) = (m.cell(i, j).expect("a cell"), m.cell(j, i).expect("a cell"));
                        assert!(x > Decimal::ZERO);
                        if i == j {
                            assert_eq!(x, Decimal::ONE);
                        }
                        let _ = y;
                    }
                }
                match ahp(&m, &o) {
                    Ok(a) => check_weights(a.weights(), n),
                    Err(e) => typed(&e),
                }
            }
            Err(e) => typed(&e),
        }
    } else {
        let cols = 1 + b.below(5);
        let rows_n = b.below(8);
        let indicators: Vec<Indicator> = (0..cols)
            .map(|j| {
                if b.bool() {
                    Indicator::benefit(format!("x{j}"))
                } else {
                    Indicator::cost(format!("x{j}"))
                }
            })
            .collect();
        let rows: Vec<Vec<Decimal>> = (0..rows_n)
            .map(|_| (0..cols).map(|_| value(&mut b)).collect())
            .collect();
        for r in [
            entropy_weights(&indicators, &rows, &o),
            critic_weights(&indicators, &rows, &o),
        ] {
            match r {
                Ok(w) => check_weights(&w, cols),
                Err(e) => typed(&e),
            }
        }
    }
}
