//! Scenario and property tests of `creditgrade::research`.

use creditgrade::research::{
    CalibrationTargets, Consistency, GradeDistribution, Indicator, Movement, Normalisation,
    Outcome, PairwiseMatrix, PsiOptions, PsiReading, TransitionMatrix, WeightNote, WeightOptions,
    Weights, ahp, ahp_f64, calibrate, combine_linear, combine_multiplicative, critic_report,
    critic_weights, critic_weights_f64, entropy_report, entropy_weights, entropy_weights_f64,
    move_counts, psi, sensitivity, threshold_for_share,
};
use creditgrade::{ErrorKind, Grade};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn n(v: i64) -> Decimal {
    Decimal::from(v)
}

fn close(a: Decimal, b: Decimal, tol: &str) -> bool {
    (a - b).abs() <= d(tol)
}

const AAA: Outcome = Outcome::Graded(Grade::Aaa);
const AA: Outcome = Outcome::Graded(Grade::Aa);
const A: Outcome = Outcome::Graded(Grade::A);
const B: Outcome = Outcome::Graded(Grade::B);
const C: Outcome = Outcome::Graded(Grade::C);
const DD: Outcome = Outcome::Graded(Grade::D);

// ---------------------------------------------------------------- AHP

/// A consistent matrix a_ij = w_i / w_j with w = (4/7, 2/7, 1/7): the principal
/// eigenvector is w itself and λmax = n = 3, so CI = CR = 0 (by hand: A·w = 3w).
#[test]
fn ahp_consistent_matrix_gives_four_two_one_sevenths() {
    let m = PairwiseMatrix::new(
        ["penalty", "tiered", "fact"],
        vec![
            vec![n(1), n(2), n(4)],
            vec![d("0.5"), n(1), n(2)],
            vec![d("0.25"), d("0.5"), n(1)],
        ],
    )
    .unwrap();
    let r = ahp(&m, &WeightOptions::default()).unwrap();
    let sevenths = [n(4) / n(7), n(2) / n(7), n(1) / n(7)];
    for (got, want) in r.eigenvector().iter().zip(sevenths) {
        assert!(close(*got, want, "1e-24"), "{got} vs {want}");
    }
    assert_eq!(
        r.weights().as_vec(),
        vec![d("0.571429"), d("0.285714"), d("0.142857")]
    );
    assert_eq!(r.weights().as_vec().iter().sum::<Decimal>(), Decimal::ONE);
    assert_eq!(r.lambda_max(), n(3));
    assert_eq!(r.consistency_index(), Decimal::ZERO);
    assert_eq!(r.random_index(), d("0.58"));
    assert_eq!(r.consistency_ratio(), Some(Decimal::ZERO));
    assert_eq!(r.consistency(), Consistency::Consistent);
    assert_eq!(r.weights().get_named("tiered"), Some(d("0.285714")));
}

/// Saaty's light-intensity experiment (T. L. Saaty, "A scaling method for priorities
/// in hierarchical structures", J. Math. Psychology 15 (1977); also in "The
/// Analytic Hierarchy Process", 1980, ch. 2): four chairs at increasing distance
/// from a light. Published: eigenvector (0.61, 0.24, 0.10, 0.05), λmax = 4.39.
/// The finer values were computed independently with a double-precision power
/// iteration (500 steps): w = (0.618668779632, 0.235322821645, 0.100933972898,
/// 0.045074425826), λmax = 4.390730218576, so CI = 0.130243406192 and
/// CR = CI / 0.90 = 0.144714895769 ≥ 0.10: inconsistent.
#[test]
fn ahp_saaty_light_experiment() {
    let m = PairwiseMatrix::from_upper(
        ["chair 1", "chair 2", "chair 3", "chair 4"],
        &[n(5), n(6), n(7), n(4), n(6), n(4)],
    )
    .unwrap();
    let r = ahp(&m, &WeightOptions::default()).unwrap();
    let published = [d("0.61"), d("0.24"), d("0.10"), d("0.05")];
    let independent = [
        d("0.618668779632"),
        d("0.235322821645"),
        d("0.100933972898"),
        d("0.045074425826"),
    ];
    for ((got, p), i) in r.eigenvector().iter().zip(published).zip(independent) {
        // The published figures are given to two places.
        assert!(close(*got, p, "0.01"), "{got} vs published {p}");
        assert!(close(*got, i, "1e-11"), "{got} vs {i}");
    }
    assert_eq!(r.lambda_max().round_dp(2), d("4.39"));
    assert!(close(r.lambda_max(), d("4.390730218576"), "1e-11"));
    assert!(close(r.consistency_index(), d("0.130243406192"), "1e-11"));
    let cr = r.consistency_ratio().unwrap();
    assert!(close(cr, d("0.144714895769"), "1e-11"));
    assert_eq!(r.consistency(), Consistency::Inconsistent { cr });
    assert_eq!(r.weights().as_vec().iter().sum::<Decimal>(), Decimal::ONE);
}

/// n = 2: RI = 0, consistent by definition whatever the judgement.
#[test]
fn ahp_two_indicators_are_consistent_by_definition() {
    let m = PairwiseMatrix::from_upper(["penalty", "cumulative"], &[n(3)]).unwrap();
    let r = ahp(&m, &WeightOptions::default()).unwrap();
    assert_eq!(r.weights().as_vec(), vec![d("0.75"), d("0.25")]);
    assert_eq!(r.consistency_ratio(), None);
    assert_eq!(r.consistency(), Consistency::Consistent);
}

/// A 3-cycle of preferences (a > b > c > a, all 3) is as inconsistent as it gets:
/// by symmetry w = (1/3, 1/3, 1/3); (A·w)_i = (1 + 3 + 1/3)/3 so
/// λmax = 13/3 = 4.333333333333, CI = (13/3 − 3)/2 = 2/3,
/// CR = (2/3)/0.58 = 1.1494252873563… → 1.149425287356 (rounded once, from the
/// unrounded CI).
#[test]
fn ahp_cyclic_judgements_are_inconsistent() {
    let third = Decimal::ONE / n(3);
    let m = PairwiseMatrix::new(
        ["a", "b", "c"],
        vec![
            vec![n(1), n(3), third],
            vec![third, n(1), n(3)],
            vec![n(3), third, n(1)],
        ],
    )
    .unwrap();
    let r = ahp(&m, &WeightOptions::default()).unwrap();
    assert_eq!(
        r.weights().as_vec(),
        vec![d("0.333334"), d("0.333333"), d("0.333333")]
    );
    assert_eq!(r.lambda_max(), d("4.333333333333"));
    assert!(close(r.consistency_index(), d("0.666666666667"), "1e-12"));
    assert_eq!(
        r.consistency(),
        Consistency::Inconsistent {
            cr: d("1.149425287356")
        }
    );
}

#[test]
fn ahp_rejects_bad_matrices_naming_the_cell() {
    let e = PairwiseMatrix::new(["a", "b"], vec![vec![n(1), n(2)], vec![n(1)]]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert_eq!(
        e.to_string(),
        "`matrix[1]`: row has 1 cells, expected 2 (the matrix must be square)"
    );

    let e = PairwiseMatrix::new(["a", "b"], vec![vec![n(1), n(0)], vec![n(1), n(1)]]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`matrix[0][1]`: comparison must be positive, got 0"
    );

    let e = PairwiseMatrix::new(["a", "b"], vec![vec![n(2), n(1)], vec![n(1), n(1)]]).unwrap_err();
    assert_eq!(e.to_string(), "`matrix[0][0]`: diagonal must be 1, got 2");

    let e = PairwiseMatrix::new(["a", "a"], vec![vec![n(1), n(1)], vec![n(1), n(1)]]).unwrap_err();
    assert_eq!(e.field(), Some("names[1]"));

    // 0.33 for 1/3 is accepted at the default tolerance 0.01 (0.33 × 3 = 0.99) …
    let m = PairwiseMatrix::new(["a", "b"], vec![vec![n(1), n(3)], vec![d("0.33"), n(1)]]).unwrap();
    assert!(ahp(&m, &WeightOptions::default()).is_ok());
    // … but not at 0.001.
    let e = ahp(
        &m,
        &WeightOptions::default().reciprocity_tolerance(d("0.001")),
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert_eq!(e.field(), Some("matrix[1][0]"));
    assert_eq!(
        e.to_string(),
        "`matrix[1][0]`: not the reciprocal of matrix[0][1]: 0.33 × 3 = 0.99, not 1 within 0.001 (\"b\" vs \"a\")"
    );

    // 16 indicators: beyond Saaty's RI table.
    let names: Vec<String> = (0..16).map(|i| format!("i{i}")).collect();
    let rows = vec![vec![n(1); 16]; 16];
    assert_eq!(
        PairwiseMatrix::new(names, rows).unwrap_err().field(),
        Some("names")
    );
}

#[test]
fn ahp_reports_non_convergence_and_extreme_cells() {
    // A caller's own iteration limit can still be too small: an error naming it.
    let m = PairwiseMatrix::from_upper(["a", "b", "c"], &[n(3), n(5), n(7)]).unwrap();
    let e = ahp(&m, &WeightOptions::default().max_iterations(1)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert_eq!(e.field(), Some("max_iterations"));
    assert!(e.message().contains("did not converge"), "{e}");

    // Cells far outside Saaty's scale would leave the smallest eigenvector
    // components with no significant digits: refused.
    let e = PairwiseMatrix::from_upper(["a", "b"], &[d("1e27")]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert_eq!(
        e.to_string(),
        "`matrix[0][1]`: comparison must be between 0.001 and 1000, got 1000000000000000000000000000"
    );
    // At the limits it works: w = (1000/1001, 1/1001).
    let m = PairwiseMatrix::from_upper(["a", "b"], &[n(1000)]).unwrap();
    let r = ahp(&m, &WeightOptions::default().places(9)).unwrap();
    assert_eq!(
        r.weights().as_vec(),
        vec![d("0.999000999"), d("0.000999001")]
    );
}

/// A preference cycle at the extremes of the accepted range: a ≻ b by 1000,
/// b ≻ c by 1000, c ≻ a by 1000. The power iteration converges at the rate
/// |λ₂/λ₁| ≈ 0.999 and did not reach 1e-20 in 10,000 steps; the matrix is
/// circulant, so (by hand) the eigenvector is uniform and
/// λmax = 1 + 1000 + 1/1000 = 1001.001, CI = (1001.001 − 3)/2 = 499.0005,
/// CR = 499.0005/0.58 = 860.345689655172 (12 places).
#[test]
fn ahp_converges_on_an_extreme_cycle() {
    let m = PairwiseMatrix::from_upper(["a", "b", "c"], &[n(1000), d("0.001"), n(1000)]).unwrap();
    let r = ahp(&m, &WeightOptions::default()).unwrap();
    assert_eq!(
        r.weights().as_vec(),
        vec![d("0.333334"), d("0.333333"), d("0.333333")]
    );
    for w in r.eigenvector() {
        assert!(close(*w, n(1) / n(3), "1e-24"), "{w}");
    }
    assert_eq!(r.lambda_max(), d("1001.001"));
    assert_eq!(r.consistency_index(), d("499.0005"));
    assert_eq!(r.consistency_ratio(), Some(d("860.345689655172")));
    assert!(!r.consistency().is_consistent());
    assert!(r.iterations() <= 64, "{}", r.iterations());

    let fast = ahp_f64(&m, &WeightOptions::default()).unwrap();
    assert!(fast.weights().iter().all(|w| (w - 1.0 / 3.0).abs() < 1e-12));
    assert!((fast.lambda_max() - 1001.001).abs() < 1e-9);
    assert!((fast.consistency_ratio().unwrap() - 860.345_689_655_172).abs() < 1e-6);
    let e = ahp_f64(&m, &WeightOptions::default().max_iterations(0)).unwrap_err();
    assert_eq!(e.field(), Some("max_iterations"));
}

/// A convergence tolerance that is not positive (or finer than 1e-24, below the
/// rounding of `Decimal`) and an iteration limit of 0 are refused before any
/// work, naming the option.
#[test]
fn ahp_refuses_unusable_convergence_options_at_once() {
    let m = PairwiseMatrix::from_upper(["a", "b"], &[n(3)]).unwrap();
    for tolerance in [d("0"), d("-0.001"), d("1e-25")] {
        let e = ahp(
            &m,
            &WeightOptions::default().convergence_tolerance(tolerance),
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert_eq!(e.field(), Some("convergence_tolerance"), "{e}");
    }
    let e = ahp(&m, &WeightOptions::default().convergence_tolerance(d("0"))).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`convergence_tolerance`: tolerance must be positive, got 0"
    );
    let e = ahp(&m, &WeightOptions::default().max_iterations(0)).unwrap_err();
    assert_eq!(e.field(), Some("max_iterations"));
    // The finest accepted tolerance is reached.
    let r = ahp(
        &m,
        &WeightOptions::default().convergence_tolerance(d("1e-24")),
    )
    .unwrap();
    assert_eq!(r.weights().as_vec(), vec![d("0.75"), d("0.25")]);
}

/// A cell of a random reciprocal matrix: Saaty's scale 1..9 and its reciprocals,
/// the extremes 1000 and 1/1000, or any value in between with up to 3 places.
fn cell() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        (1i64..=9).prop_map(Decimal::from),
        (2i64..=9).prop_map(|k| Decimal::ONE / Decimal::from(k)),
        Just(Decimal::from(1000)),
        Just(Decimal::new(1, 3)),
        (1i64..=1_000_000).prop_map(|k| Decimal::new(k, 3)),
    ]
}

fn reciprocal_matrix() -> impl Strategy<Value = PairwiseMatrix> {
    (1usize..=15)
        .prop_flat_map(|n| prop::collection::vec(cell(), n * (n - 1) / 2))
        .prop_map(|upper| {
            let n = (1..=15).find(|n| n * (n - 1) / 2 == upper.len()).unwrap();
            let names: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
            PairwiseMatrix::from_upper(names, &upper).unwrap()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Every matrix validation accepts gives weights: they sum to exactly 1,
    /// λmax ≥ n (Saaty), and the unrounded vector is the principal eigenvector —
    /// every ratio (A·w)_i / w_i agrees with λmax (Collatz–Wielandt: λmax lies
    /// between the least and the largest ratio, and they meet).
    #[test]
    fn ahp_converges_on_every_accepted_matrix(m in reciprocal_matrix()) {
        let r = ahp(&m, &WeightOptions::default()).unwrap();
        let n = m.len();
        prop_assert_eq!(r.weights().as_vec().iter().sum::<Decimal>(), Decimal::ONE);
        prop_assert!(r.lambda_max() >= Decimal::from(n as u64), "λmax {}", r.lambda_max());
        let w = r.eigenvector();
        prop_assert!(w.iter().all(|x| *x > Decimal::ZERO));
        let ratios: Vec<Decimal> = (0..n)
            .map(|i| (0..n).map(|j| m.cell(i, j).unwrap() * w[j]).sum::<Decimal>() / w[i])
            .collect();
        let (lo, hi) = (*ratios.iter().min().unwrap(), *ratios.iter().max().unwrap());
        prop_assert!((hi - lo) / hi <= d("1e-15"), "ratios {lo} .. {hi}");
        prop_assert!(close(r.lambda_max(), lo, "1e-9") && close(r.lambda_max(), hi, "1e-9"));

        // The f64 path agrees within 1e-9.
        let fast = ahp_f64(&m, &WeightOptions::default()).unwrap();
        for (exact, f) in w.iter().zip(fast.weights()) {
            let exact: f64 = exact.to_string().parse().unwrap();
            prop_assert!((exact - f).abs() <= 1e-9, "{} vs {}", exact, f);
        }
        let lambda: f64 = r.lambda_max().to_string().parse().unwrap();
        prop_assert!((lambda - fast.lambda_max()).abs() <= 1e-9 * lambda);
    }
}

// ---------------------------------------------------------------- entropy and CRITIC

/// Hand computation (closed form), three enterprises:
/// - complaints (cost) 0, 2, 4 → normalised 1, 0.5, 0 → p = (2/3, 1/3, 0):
///   e = −(2/3 ln 2/3 + 1/3 ln 1/3)/ln 3 = 1 − (2/3)·r with r = ln 2 / ln 3, d = 2r/3;
/// - honours (benefit) 10, 10, 30 → 0, 0, 1 → p = (0, 0, 1): e = 0, d = 1;
/// - penalties (cost) 1, 1, 1: constant → weight 0 and a note;
/// - admonitions (benefit) 0, 5, 5 → 0, 1, 1 → p = (0, ½, ½): e = r, d = 1 − r.
///
/// With r = 0.630929753571457437…, Σd = 2 − r/3 = 1.789690082142847521 and
/// w = (0.235023840111, 0.558755960028, 0, 0.206220199861); to 6 places
/// 0.235024 + 0.558756 + 0 + 0.206220 = 1 exactly.
#[test]
fn entropy_weights_by_hand() {
    let indicators = [
        Indicator::cost("complaints"),
        Indicator::benefit("honours"),
        Indicator::cost("penalties"),
        Indicator::benefit("admonitions"),
    ];
    let rows = vec![
        vec![n(0), n(10), n(1), n(0)],
        vec![n(2), n(10), n(1), n(5)],
        vec![n(4), n(30), n(1), n(5)],
    ];
    let w = entropy_weights(&indicators, &rows, &WeightOptions::default()).unwrap();
    assert_eq!(
        w.as_vec(),
        vec![d("0.235024"), d("0.558756"), d("0"), d("0.20622")]
    );
    assert_eq!(
        w.notes(),
        &[WeightNote::ConstantIndicator {
            index: 2,
            name: "penalties".into()
        }]
    );
    let fine = entropy_weights(&indicators, &rows, &WeightOptions::default().places(12)).unwrap();
    assert_eq!(
        fine.as_vec(),
        vec![
            d("0.235023840111"),
            d("0.558755960028"),
            d("0"),
            d("0.206220199861")
        ]
    );
}

/// Published examples of the classic entropy method (proportions of the raw values):
/// - X. Xu, "A note on the subjective and objective integrated approach to determine
///   attribute weights", European Journal of Operational Research 156(2) (2004)
///   530–532: published weights 0.4630, 0.3992, 0.1378, 0.0000;
/// - E. K. Zavadskas and V. Podvezko, "Integrated determination of objective
///   criteria weights in MCDM", International Journal of Information Technology &
///   Decision Making 15(2) (2016) 267–283: published weights 0.1146, 0.1981,
///   0.4185, 0.2689.
///
/// An independent 40-digit computation of the same formulas gives, for Xu,
/// 0.462952286899, 0.399203548990, 0.137840856139, 0.000003307972.
#[test]
fn entropy_weights_published_examples() {
    let proportion = WeightOptions::default()
        .normalisation(Normalisation::Proportion)
        .places(4);
    let table = |rows: &[[&str; 4]]| -> Vec<Vec<Decimal>> {
        rows.iter()
            .map(|r| r.iter().map(|v| d(v)).collect())
            .collect()
    };
    let xu = table(&[
        ["30", "30", "38", "29"],
        ["19", "54", "86", "29"],
        ["19", "15", "85", "28.9"],
        ["68", "70", "60", "29"],
    ]);
    let ind: Vec<Indicator> = ["a1", "a2", "a3", "a4"]
        .into_iter()
        .map(Indicator::benefit)
        .collect();
    let w = entropy_weights(&ind, &xu, &proportion).unwrap();
    assert_eq!(
        w.as_vec(),
        vec![d("0.4630"), d("0.3992"), d("0.1378"), d("0")]
    );
    let fine = entropy_weights(&ind, &xu, &proportion.clone().places(12)).unwrap();
    assert!(close(fine.get(0).unwrap(), d("0.462952286899"), "2e-12"));
    assert!(close(fine.get(3).unwrap(), d("0.000003307972"), "2e-12"));

    let zp = table(&[
        ["3.0", "100", "10", "7"],
        ["2.5", "80", "8", "5"],
        ["1.8", "50", "20", "11"],
        ["2.2", "70", "12", "9"],
    ]);
    // The directions (cost, benefit, cost, benefit) do not enter the proportions.
    let ind = [
        Indicator::cost("x1"),
        Indicator::benefit("x2"),
        Indicator::cost("x3"),
        Indicator::benefit("x4"),
    ];
    let fine = entropy_weights(&ind, &zp, &proportion.clone().places(12)).unwrap();
    let each_rounded: Vec<Decimal> = fine.as_vec().iter().map(|x| x.round_dp(4)).collect();
    assert_eq!(
        each_rounded,
        vec![d("0.1146"), d("0.1981"), d("0.4185"), d("0.2689")]
    );
    // The published figures, each rounded, sum to 1.0001. The largest remainder
    // method cuts 0.114575…, 0.198082…, 0.418461…, 0.268881… to 0.1145 + 0.1980 +
    // 0.4184 + 0.2688 = 0.9997 and gives the three missing units to the largest
    // remainders (x4, x2, x1); x3, with the smallest, stays at 0.4184.
    let w = entropy_weights(&ind, &zp, &proportion).unwrap();
    assert_eq!(
        w.as_vec(),
        vec![d("0.1146"), d("0.1981"), d("0.4184"), d("0.2689")]
    );

    // Proportions need non-negative values.
    let e = entropy_weights(
        &ind,
        &[vec![n(1), n(1), n(1), n(1)], vec![n(2), n(-1), n(1), n(1)]],
        &proportion,
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("rows[1][1]"));
}

/// The entropy weights do not depend on the units: scaling a column by 1000 and
/// shifting it changes nothing (min-max normalisation).
#[test]
fn entropy_weights_are_unit_free() {
    let indicators = [Indicator::cost("fines"), Indicator::benefit("points")];
    let rows = vec![vec![n(0), n(10)], vec![n(1), n(20)], vec![n(3), n(15)]];
    let scaled = vec![
        vec![n(5000), n(10)],
        vec![n(6000), n(20)],
        vec![n(8000), n(15)],
    ];
    let o = WeightOptions::default();
    assert_eq!(
        entropy_weights(&indicators, &rows, &o).unwrap(),
        entropy_weights(&indicators, &scaled, &o).unwrap()
    );
}

#[test]
fn objective_weights_reject_bad_data() {
    let ind = [Indicator::benefit("a"), Indicator::cost("b")];
    let o = WeightOptions::default();
    let e = entropy_weights(&ind, &[vec![n(1), n(2)], vec![n(1), n(2)]], &o).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.message().contains("every indicator is constant"), "{e}");
    let e = critic_weights(&ind, &[vec![n(0), n(0)], vec![n(0), n(0)]], &o).unwrap_err();
    assert!(e.message().contains("every indicator is constant"), "{e}");
    let e = entropy_weights(&ind, &[vec![n(1), n(2)]], &o).unwrap_err();
    assert_eq!(e.field(), Some("rows"));
    let e = entropy_weights(&ind, &[vec![n(1), n(2)], vec![n(1)]], &o).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`rows[1]`: row has 1 values for 2 indicators"
    );
    let e = entropy_weights(
        &ind,
        &[vec![n(1), n(2)], vec![n(3), n(4)]],
        &o.clone().places(21),
    )
    .unwrap_err();
    assert_eq!(e.field(), Some("places"));
}

/// CRITIC by hand. Normalised columns a = (0, ½, 1), b = (0, 1, ½), c = (1, 0, 0):
/// σ_a = σ_b = 1/√6, σ_c = √2/3 (population); r_ab = ½, r_ac = r_bc = −√3/2.
/// C_a = C_b = (1/√6)(3/2 + √3/2), C_c = (√2/3)(2 + √3);
/// w = (0.261686445281, 0.261686445281, 0.476627109439). To 6 places the cut
/// weights sum to 0.999999: the missing unit goes to the largest remainder, shared
/// by a and b (0.000000445281), so to a, the earlier of two equal weights.
#[test]
fn critic_weights_by_hand() {
    let indicators = [
        Indicator::benefit("a"),
        Indicator::benefit("b"),
        Indicator::cost("c"),
        Indicator::benefit("flat"),
    ];
    // c is a cost indicator with raw values 0, 1, 1 → normalised 1, 0, 0.
    let rows = vec![
        vec![n(10), n(0), n(0), n(0)],
        vec![n(15), n(4), n(1), n(0)],
        vec![n(20), n(2), n(1), n(0)],
    ];
    let w = critic_weights(&indicators, &rows, &WeightOptions::default()).unwrap();
    assert_eq!(
        w.as_vec(),
        vec![d("0.261687"), d("0.261686"), d("0.476627"), d("0")]
    );
    let fine = critic_weights(&indicators, &rows, &WeightOptions::default().places(12)).unwrap();
    assert!(close(fine.get(0).unwrap(), d("0.261686445281"), "1e-12"));
    assert!(close(fine.get(2).unwrap(), d("0.476627109439"), "1e-12"));
    assert_eq!(
        w.notes(),
        &[WeightNote::ConstantIndicator {
            index: 3,
            name: "flat".into()
        }]
    );
}

/// Published example: A. Tuş and E. Aytaç Adalı, "The new combination with CRITIC
/// and WASPAS methods for the time and attendance software selection problem",
/// Opsearch 56(2) (2019) 528–538: five software packages, six criteria; published
/// CRITIC weights 0.157, 0.249, 0.168, 0.121, 0.154, 0.151. They are reproduced
/// when every column (the price included) is min-max normalised as a benefit
/// criterion. An independent 40-digit computation of the same formulas gives
/// 0.157003432042, 0.249489243164, 0.167675249193, 0.121100222430, 0.154099291586,
/// 0.150632561586.
#[test]
fn critic_weights_published_software_selection_example() {
    let indicators: Vec<Indicator> = ["price", "c2", "c3", "c4", "c5", "c6"]
        .into_iter()
        .map(Indicator::benefit)
        .collect();
    let rows: Vec<Vec<Decimal>> = [
        [5000, 3, 3, 4, 3, 2],
        [680, 5, 3, 2, 2, 1],
        [2000, 3, 2, 3, 4, 3],
        [600, 4, 3, 1, 2, 2],
        [800, 2, 4, 3, 3, 4],
    ]
    .iter()
    .map(|r| r.iter().map(|v| n(*v)).collect())
    .collect();
    let w = critic_weights(&indicators, &rows, &WeightOptions::default().places(3)).unwrap();
    assert_eq!(
        w.as_vec(),
        vec![
            d("0.157"),
            d("0.249"),
            d("0.168"),
            d("0.121"),
            d("0.154"),
            d("0.151")
        ]
    );
    let fine = critic_weights(&indicators, &rows, &WeightOptions::default().places(12)).unwrap();
    let independent = [
        "0.157003432042",
        "0.249489243164",
        "0.167675249193",
        "0.121100222430",
        "0.154099291586",
        "0.150632561586",
    ];
    for (got, want) in fine.as_vec().iter().zip(independent) {
        assert!(close(*got, d(want), "2e-12"), "{got} vs {want}");
    }
}

/// Two perfectly correlated columns: no conflict, so every C_j = 0; the weight is
/// split equally and the result says so.
#[test]
fn critic_perfectly_correlated_columns_split_equally() {
    let ind = [
        Indicator::benefit("a"),
        Indicator::benefit("b"),
        Indicator::cost("c"),
    ];
    let rows = vec![
        vec![n(1), n(2), n(7)],
        vec![n(2), n(4), n(7)],
        vec![n(3), n(6), n(7)],
    ];
    let w = critic_weights(&ind, &rows, &WeightOptions::default()).unwrap();
    assert_eq!(w.as_vec(), vec![d("0.5"), d("0.5"), d("0")]);
    assert!(w.notes().contains(&WeightNote::PerfectlyCorrelated));
}

/// Regression: a proportion that underflows to zero in `Decimal` (a positive
/// value over 5e-29 of its column's total) was passed to the logarithm and the
/// matrix refused with "logarithm of a non-positive number". p ln p → 0 as p → 0,
/// so it contributes nothing.
#[test]
fn entropy_survives_proportions_that_underflow() {
    // The column 0, 1e-27, 1, 1, …: with k ones the tiny value's proportion is
    // 1e-27/k (zero in Decimal from k = 20 on), and e = ln k / ln(k + 2) to within
    // 1e-26 (the tiny term and 0·ln 0 contribute nothing measurable).
    for normalisation in [Normalisation::MinMax, Normalisation::Proportion] {
        for k in 1..=40_usize {
            let mut rows = vec![vec![n(0), n(0)], vec![d("1e-27"), n(1)]];
            rows.extend((0..k).map(|i| vec![n(1), n(i64::from(i % 2 == 0))]));
            let r = entropy_report(
                &[Indicator::benefit("tiny"), Indicator::benefit("other")],
                &rows,
                &WeightOptions::default().normalisation(normalisation),
            )
            .unwrap_or_else(|e| panic!("k = {k}: {e}"));
            let m = f64::from(u32::try_from(k + 2).unwrap());
            let want = f64::from(u32::try_from(k).unwrap()).ln() / m.ln();
            let got: f64 = r.entropy()[0].unwrap().to_string().parse().unwrap();
            assert!((got - want).abs() < 1e-12, "k = {k}: {got} vs {want}");
            assert_eq!(r.weights().as_vec().iter().sum::<Decimal>(), Decimal::ONE);
        }
    }

    // [[1e-20, 1], [1e10, 2]] as proportions: column 0 is p = (1e-30, 1 − 1e-30),
    // e₀ = 1.01e-28 (0 in Decimal); column 1 is p = (1/3, 2/3),
    // e₁ = (ln 3 − (2/3) ln 2)/ln 2 = 0.918295834054489514787…; so
    // w = (0.924467180105483…, 0.075532819894516…) (50-digit computation).
    let rows = vec![vec![d("1e-20"), n(1)], vec![n(10_000_000_000), n(2)]];
    let ind = [Indicator::benefit("x"), Indicator::benefit("y")];
    let proportion = WeightOptions::default().normalisation(Normalisation::Proportion);
    let r = entropy_report(&ind, &rows, &proportion.clone().places(12)).unwrap();
    assert!(close(r.entropy()[0].unwrap(), n(0), "1e-27"));
    assert!(close(
        r.entropy()[1].unwrap(),
        d("0.918295834054489514787072277"),
        "1e-24"
    ));
    assert!(close(
        r.unrounded()[0],
        d("0.924467180105483450713196893"),
        "1e-24"
    ));
    assert_eq!(
        r.weights().as_vec(),
        vec![d("0.924467180105"), d("0.075532819895")]
    );
    let w = entropy_weights(&ind, &rows, &proportion).unwrap();
    assert_eq!(w.as_vec(), vec![d("0.924467"), d("0.075533")]);
    // Min-max: both columns become (0, 1): e = 0 each, equal weights.
    let w = entropy_weights(&ind, &rows, &WeightOptions::default()).unwrap();
    assert_eq!(w.as_vec(), vec![d("0.5"), d("0.5")]);
}

/// The entropy table of the hand computation of `entropy_weights_by_hand`:
/// e = (1 − (2/3)r, 0, none, r) with r = ln 2 / ln 3, d = 1 − e.
#[test]
fn entropy_report_gives_the_intermediate_table() {
    let indicators = [
        Indicator::cost("complaints"),
        Indicator::benefit("honours"),
        Indicator::cost("penalties"),
        Indicator::benefit("admonitions"),
    ];
    let rows = vec![
        vec![n(0), n(10), n(1), n(0)],
        vec![n(2), n(10), n(1), n(5)],
        vec![n(4), n(30), n(1), n(5)],
    ];
    let o = WeightOptions::default();
    let r = entropy_report(&indicators, &rows, &o).unwrap();
    let ratio = d("0.630929753571457437099527114");
    let e = r.entropy();
    assert!(close(e[0].unwrap(), n(1) - n(2) * ratio / n(3), "1e-24"));
    assert_eq!(e[1], Some(n(0)));
    assert_eq!(e[2], None);
    assert!(close(e[3].unwrap(), ratio, "1e-24"));
    assert_eq!(r.divergence()[1], Some(n(1)));
    assert_eq!(r.divergence()[2], None);
    assert!(close(r.divergence()[3].unwrap(), n(1) - ratio, "1e-24"));
    assert!(close(r.unrounded()[1], d("0.558755960028"), "1e-12"));
    assert_eq!(r.unrounded()[2], n(0));
    assert!(close(r.unrounded().iter().sum(), n(1), "1e-26"));
    // The rounded weights are entropy_weights' own.
    assert_eq!(
        r.weights(),
        &entropy_weights(&indicators, &rows, &o).unwrap()
    );
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["entropy"][2], serde_json::Value::Null);
    assert_eq!(json["divergence"][1], "1");
    assert!(json["unrounded"].is_array() && json["weights"]["entries"].is_array());
}

/// The CRITIC tables of `critic_weights_by_hand`: σ = (1/√6, 1/√6, √2/3, 0),
/// r_ab = ½, r_ac = r_bc = −√3/2, C_a = C_b = (1/√6)(3/2 + √3/2),
/// C_c = (√2/3)(2 + √3).
#[test]
fn critic_report_gives_the_intermediate_tables() {
    let indicators = [
        Indicator::benefit("a"),
        Indicator::benefit("b"),
        Indicator::cost("c"),
        Indicator::benefit("flat"),
    ];
    let rows = vec![
        vec![n(10), n(0), n(0), n(0)],
        vec![n(15), n(4), n(1), n(0)],
        vec![n(20), n(2), n(1), n(0)],
    ];
    let r = critic_report(&indicators, &rows, &WeightOptions::default()).unwrap();
    let inv_sqrt6 = d("0.408248290463863016366214012");
    let sqrt2_3 = d("0.471404520791031682933896241");
    let half_sqrt3 = d("0.866025403784438646763723171");
    let s = r.std_dev();
    assert!(close(s[0], inv_sqrt6, "1e-26") && close(s[1], inv_sqrt6, "1e-26"));
    assert!(close(s[2], sqrt2_3, "1e-26"));
    assert_eq!(s[3], n(0));
    let c = r.correlation();
    assert_eq!(c[0][0], Some(n(1)));
    assert!(close(c[0][1].unwrap(), d("0.5"), "1e-25"));
    assert!(close(c[0][2].unwrap(), -half_sqrt3, "1e-25"));
    assert!(close(c[1][2].unwrap(), -half_sqrt3, "1e-25"));
    assert_eq!(c[3], vec![None; 4]);
    assert!((0..4).all(|j| c[j][3].is_none()));
    for (j, row) in c.iter().enumerate() {
        for (k, r_jk) in row.iter().enumerate() {
            assert_eq!(*r_jk, c[k][j], "r is symmetric");
        }
    }
    assert!(close(r.conflict()[0], d("1.5") + half_sqrt3, "1e-24"));
    assert!(close(r.conflict()[2], n(2) + n(2) * half_sqrt3, "1e-24"));
    assert!(close(
        r.information()[0],
        inv_sqrt6 * (d("1.5") + half_sqrt3),
        "1e-24"
    ));
    assert!(close(
        r.information()[2],
        sqrt2_3 * (n(2) + n(2) * half_sqrt3),
        "1e-24"
    ));
    assert_eq!(r.information()[3], n(0));
    assert!(close(r.unrounded()[2], d("0.476627109439"), "1e-12"));
    assert_eq!(
        r.weights(),
        &critic_weights(&indicators, &rows, &WeightOptions::default()).unwrap()
    );
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["correlation"][0][0], "1");
    assert_eq!(json["correlation"][0][3], serde_json::Value::Null);
    assert!(json["std_dev"].is_array() && json["information"].is_array());
}

/// Largest remainder: 15 equal weights to 2 places are ten 0.07 and five 0.06
/// (the earlier indicators first among equals), not 0.02 and fourteen 0.07.
#[test]
fn fifteen_equal_weights_round_within_one_unit() {
    let scores: Vec<(String, Decimal)> = (0..15).map(|i| (format!("i{i}"), n(1))).collect();
    let w = Weights::from_scores(scores, &WeightOptions::default().places(2)).unwrap();
    let mut want = vec![d("0.07"); 10];
    want.extend([d("0.06"); 5]);
    assert_eq!(w.as_vec(), want);
    assert_eq!(w.as_vec().iter().sum::<Decimal>(), Decimal::ONE);
}

// ---------------------------------------------------------------- the f64 fast path

fn row_major(rows: &[Vec<Decimal>]) -> Vec<f64> {
    rows.iter()
        .flatten()
        .map(|x| x.to_string().parse().unwrap())
        .collect()
}

/// The `f64` functions agree with the `Decimal` ones (unrounded) within 1e-9.
fn assert_fast_path_agrees(indicators: &[Indicator], rows: &[Vec<Decimal>], o: &WeightOptions) {
    let data = row_major(rows);
    let pairs = [
        (
            entropy_report(indicators, rows, o)
                .unwrap()
                .unrounded()
                .to_vec(),
            entropy_weights_f64(indicators, &data, o).unwrap(),
        ),
        (
            critic_report(indicators, rows, o)
                .unwrap()
                .unrounded()
                .to_vec(),
            critic_weights_f64(indicators, &data, o).unwrap(),
        ),
    ];
    for (exact, fast) in pairs {
        assert_eq!(exact.len(), fast.len());
        for (e, f) in exact.iter().zip(&fast) {
            let e: f64 = e.to_string().parse().unwrap();
            assert!((e - f).abs() <= 1e-9, "{e} vs {f}");
        }
    }
}

#[test]
fn fast_path_agrees_with_decimal_on_the_test_matrices() {
    let o = WeightOptions::default();
    let proportion = o.clone().normalisation(Normalisation::Proportion);
    let four = |names: [&str; 4]| names.map(Indicator::benefit).to_vec();
    // The hand computations.
    let ind = [
        Indicator::cost("complaints"),
        Indicator::benefit("honours"),
        Indicator::cost("penalties"),
        Indicator::benefit("admonitions"),
    ];
    let rows = vec![
        vec![n(0), n(10), n(1), n(0)],
        vec![n(2), n(10), n(1), n(5)],
        vec![n(4), n(30), n(1), n(5)],
    ];
    assert_fast_path_agrees(&ind, &rows, &o);
    let ind = [
        Indicator::benefit("a"),
        Indicator::benefit("b"),
        Indicator::cost("c"),
        Indicator::benefit("flat"),
    ];
    let rows = vec![
        vec![n(10), n(0), n(0), n(0)],
        vec![n(15), n(4), n(1), n(0)],
        vec![n(20), n(2), n(1), n(0)],
    ];
    assert_fast_path_agrees(&ind, &rows, &o);
    // Xu (2004) and Zavadskas & Podvezko (2016), as proportions.
    let xu: Vec<Vec<Decimal>> = [
        ["30", "30", "38", "29"],
        ["19", "54", "86", "29"],
        ["19", "15", "85", "28.9"],
        ["68", "70", "60", "29"],
    ]
    .iter()
    .map(|r| r.iter().map(|v| d(v)).collect())
    .collect();
    assert_fast_path_agrees(&four(["a1", "a2", "a3", "a4"]), &xu, &proportion);
    assert_fast_path_agrees(&four(["a1", "a2", "a3", "a4"]), &xu, &o);
    // Tuş & Aytaç Adalı (2019).
    let rows: Vec<Vec<Decimal>> = [
        [5000, 3, 3, 4, 3, 2],
        [680, 5, 3, 2, 2, 1],
        [2000, 3, 2, 3, 4, 3],
        [600, 4, 3, 1, 2, 2],
        [800, 2, 4, 3, 3, 4],
    ]
    .iter()
    .map(|r| r.iter().map(|v| n(*v)).collect())
    .collect();
    let ind: Vec<Indicator> = ["price", "c2", "c3", "c4", "c5", "c6"]
        .into_iter()
        .map(Indicator::benefit)
        .collect();
    assert_fast_path_agrees(&ind, &rows, &o);
    // Underflow: 1e-20 beside 1e10.
    let rows = vec![vec![d("1e-20"), n(1)], vec![n(10_000_000_000), n(2)]];
    let ind = [Indicator::benefit("x"), Indicator::benefit("y")];
    assert_fast_path_agrees(&ind, &rows, &proportion);
    // Perfectly correlated: the equal split.
    let ind = [
        Indicator::benefit("a"),
        Indicator::benefit("b"),
        Indicator::cost("c"),
    ];
    let rows = vec![
        vec![n(1), n(2), n(7)],
        vec![n(2), n(4), n(7)],
        vec![n(3), n(6), n(7)],
    ];
    assert_fast_path_agrees(&ind, &rows, &o);
}

#[test]
fn fast_path_checks_its_input() {
    let ind = [Indicator::benefit("a"), Indicator::cost("b")];
    let o = WeightOptions::default();
    let e = entropy_weights_f64(&ind, &[1.0, 2.0, 3.0], &o).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`data`: 3 values do not make whole rows of 2 indicators"
    );
    let e = critic_weights_f64(&ind, &[1.0, 2.0, f64::NAN, 4.0], &o).unwrap_err();
    assert_eq!(e.field(), Some("rows[1][0]"));
    let e = entropy_weights_f64(&ind, &[1.0, 2.0], &o).unwrap_err();
    assert_eq!(e.field(), Some("rows"));
    let e = entropy_weights_f64(&ind, &[1.0, 2.0, 1.0, 2.0], &o).unwrap_err();
    assert!(e.message().contains("every indicator is constant"), "{e}");
    let proportion = o.clone().normalisation(Normalisation::Proportion);
    let e = entropy_weights_f64(&ind, &[1.0, 2.0, 3.0, -4.0], &proportion).unwrap_err();
    assert_eq!(e.field(), Some("rows[1][1]"));
    let twice = [Indicator::benefit("a"), Indicator::cost("a")];
    assert!(critic_weights_f64(&twice, &[1.0, 2.0, 3.0, 4.0], &o).is_err());
}

// ---------------------------------------------------------------- combination

#[test]
fn combination_of_subjective_and_objective_weights() {
    let s = Weights::new([
        ("penalty", d("0.6")),
        ("tiered", d("0.3")),
        ("fact", d("0.1")),
    ])
    .unwrap();
    let o = Weights::new([
        ("penalty", d("0.2")),
        ("tiered", d("0.3")),
        ("fact", d("0.5")),
    ])
    .unwrap();
    let opts = WeightOptions::default();
    // α = 0.25: 0.25·s + 0.75·o = (0.3, 0.3, 0.4).
    let lin = combine_linear(&s, &o, d("0.25"), &opts).unwrap();
    assert_eq!(lin.as_vec(), vec![d("0.3"), d("0.3"), d("0.4")]);
    // s·o = (0.12, 0.09, 0.05), Σ = 0.26 → (6/13, 9/26, 5/26)
    // = (0.4615384…, 0.3461538…, 0.1923076…) → 0.461538 + 0.346154 + 0.192308,
    // which sum to 1 exactly: no residue.
    let mul = combine_multiplicative(&s, &o, &opts).unwrap();
    assert_eq!(
        mul.as_vec(),
        vec![d("0.461538"), d("0.346154"), d("0.192308")]
    );
    // To 2 places: 0.46 + 0.35 + 0.19 = 1; to 1 place: 0.5 + 0.3 + 0.2 = 1;
    // to 0 places: 0 + 0 + 0, the one missing unit goes to the largest remainder.
    let coarse = combine_multiplicative(&s, &o, &opts.clone().places(0)).unwrap();
    assert_eq!(coarse.as_vec(), vec![d("1"), d("0"), d("0")]);
    assert_eq!(mul.as_vec().iter().sum::<Decimal>(), Decimal::ONE);

    let other = Weights::new([("penalty", d("0.5")), ("fact", d("0.5"))]).unwrap();
    assert_eq!(
        combine_linear(&s, &other, d("0.5"), &opts)
            .unwrap_err()
            .field(),
        Some("objective")
    );
    let renamed = Weights::new([
        ("penalty", d("0.2")),
        ("tier", d("0.3")),
        ("fact", d("0.5")),
    ])
    .unwrap();
    let e = combine_multiplicative(&s, &renamed, &opts).unwrap_err();
    assert_eq!(
        e.to_string(),
        "`objective[1]`: indicator \"tier\" where the subjective weights have \"tiered\""
    );
    assert_eq!(
        combine_linear(&s, &o, d("1.5"), &opts).unwrap_err().field(),
        Some("alpha")
    );
}

#[test]
fn weights_are_validated_and_round_trip_through_serde() {
    assert!(Weights::new([("a", d("0.5")), ("b", d("0.4"))]).is_err());
    assert!(Weights::new([("a", d("1.5")), ("b", d("-0.5"))]).is_err());
    let w = Weights::new([("a", d("0.5")), ("b", d("0.5"))]).unwrap();
    let json = serde_json::to_string(&w).unwrap();
    assert_eq!(
        json,
        r#"{"entries":[{"name":"a","weight":"0.5"},{"name":"b","weight":"0.5"}],"notes":[]}"#
    );
    assert_eq!(serde_json::from_str::<Weights>(&json).unwrap(), w);
    let bad = r#"{"entries":[{"name":"a","weight":"0.5"},{"name":"b","weight":"0.6"}]}"#;
    assert!(serde_json::from_str::<Weights>(bad).is_err());

    // A pairwise matrix is validated when read, too.
    let m = PairwiseMatrix::from_upper(["a", "b"], &[n(4)]).unwrap();
    let json = serde_json::to_string(&m).unwrap();
    assert_eq!(
        json,
        r#"{"names":["a","b"],"rows":[["1","4"],["0.25","1"]]}"#
    );
    assert_eq!(serde_json::from_str::<PairwiseMatrix>(&json).unwrap(), m);
    let bad = r#"{"names":["a","b"],"rows":[["1","4"],["0","1"]]}"#;
    let e = serde_json::from_str::<PairwiseMatrix>(bad).unwrap_err();
    assert!(
        e.to_string()
            .contains("`matrix[1][0]`: comparison must be positive"),
        "{e}"
    );

    // Options read from a study's configuration: missing fields take the defaults.
    let o: WeightOptions = serde_json::from_str(r#"{"places":4}"#).unwrap();
    assert_eq!(o, WeightOptions::default().places(4));
}

// ---------------------------------------------------------------- comparison

#[test]
fn transition_matrix_of_two_policies() {
    let m = TransitionMatrix::from_pairs([
        ("e1", A, AA),
        ("e2", A, A),
        ("e3", B, B),
        ("e4", C, B),
        ("e5", AAA, A),
        ("e6", Outcome::Error, Outcome::Error),
        ("e7", DD, Outcome::Closed),
    ])
    .unwrap();
    assert_eq!(m.total(), 7);
    assert_eq!(m.unchanged(), 3);
    assert_eq!(m.upgrades(), 2);
    assert_eq!(m.downgrades(), 1);
    assert_eq!(m.status_changes(), 1);
    assert_eq!(m.count(A, AA), 1);
    let ids: Vec<&str> = m.movers().iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, ["e1", "e4", "e5", "e7"]);
    assert_eq!(m.movers()[2].movement(), Movement::Downgrade);
    assert_eq!(m.before().count(A), 2);
    assert_eq!(m.after().count(A), 2);
    assert_eq!(m.after().count(B), 2);
    assert_eq!(m.after().share(B), Some(n(2) / n(7)));

    let e = TransitionMatrix::from_pairs([("e1", A, A), ("e1", B, B)]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "enterprise \"e1\": `pairs[1]`: enterprise appears twice"
    );
    let e = TransitionMatrix::between([("e1", A), ("e2", B)], [("e1", A)]).unwrap_err();
    assert_eq!(e.enterprise(), Some("e2"));
    let e = TransitionMatrix::between([("e1", A)], [("e1", A), ("e9", B)]).unwrap_err();
    assert_eq!(e.enterprise(), Some("e9"));
    let e = TransitionMatrix::between([("e1", A), ("e1", A)], [("e1", A)]).unwrap_err();
    assert_eq!(
        e.to_string(),
        "enterprise \"e1\": `before[1]`: enterprise appears twice"
    );
}

fn outcome() -> impl Strategy<Value = Outcome> {
    (0usize..Outcome::COUNT).prop_map(|i| Outcome::ALL[i])
}

proptest! {
    /// The cells of a transition matrix sum to the population; its margins are the
    /// two distributions; every enterprise is unchanged, up, down or a status change.
    #[test]
    fn transition_matrix_sums_to_population(pairs in prop::collection::vec((outcome(), outcome()), 0..200)) {
        let m = TransitionMatrix::from_pairs(
            pairs.iter().enumerate().map(|(i, (a, b))| (format!("e{i}"), *a, *b)),
        ).unwrap();
        let total = pairs.len() as u64;
        prop_assert_eq!(m.total(), total);
        prop_assert_eq!(m.cells().iter().flatten().sum::<u64>(), total);
        prop_assert_eq!(m.before(), GradeDistribution::from_outcomes(pairs.iter().map(|p| p.0)));
        prop_assert_eq!(m.after(), GradeDistribution::from_outcomes(pairs.iter().map(|p| p.1)));
        prop_assert_eq!(m.unchanged() + m.upgrades() + m.downgrades() + m.status_changes(), total);
        prop_assert_eq!(m.movers().len() as u64, total - m.unchanged());
        if total > 0 {
            let shares: Decimal = m.before().shares().iter().map(|s| s.1).sum();
            prop_assert!(close(shares, Decimal::ONE, "1e-26"));
        }
    }

    /// Every rounded weight lies within one unit of the last place of its
    /// unrounded value (score / Σ scores), and they sum to exactly 1.
    #[test]
    fn rounded_weights_are_within_one_unit(
        scores in prop::collection::vec(0u32..1000, 1..40),
        places in 0u32..12,
    ) {
        prop_assume!(scores.iter().any(|s| *s > 0));
        let named: Vec<(String, Decimal)> =
            scores.iter().enumerate().map(|(i, s)| (format!("i{i}"), Decimal::from(*s))).collect();
        let w = Weights::from_scores(named, &WeightOptions::default().places(places)).unwrap();
        let total: Decimal = scores.iter().map(|s| Decimal::from(*s)).sum();
        let unit = Decimal::new(1, places);
        for (s, rounded) in scores.iter().zip(w.as_vec()) {
            let raw = Decimal::from(*s) / total;
            prop_assert!((rounded - raw).abs() < unit, "{} vs {} at {} places", rounded, raw, places);
            prop_assert!(rounded.scale() <= places);
        }
        prop_assert_eq!(w.as_vec().iter().sum::<Decimal>(), Decimal::ONE);
    }

    /// On random integer matrices the `f64` path agrees with the `Decimal` one
    /// within 1e-9.
    #[test]
    fn fast_path_agrees_with_decimal(
        cells in prop::collection::vec(0i64..1000, 3..60),
        cost in prop::collection::vec(any::<bool>(), 3),
    ) {
        let rows: Vec<Vec<Decimal>> =
            cells.chunks_exact(3).map(|r| r.iter().map(|v| n(*v)).collect()).collect();
        prop_assume!(rows.len() >= 2);
        let ind: Vec<Indicator> = cost
            .iter()
            .enumerate()
            .map(|(i, c)| if *c { Indicator::cost(format!("c{i}")) } else { Indicator::benefit(format!("b{i}")) })
            .collect();
        let o = WeightOptions::default();
        if entropy_weights(&ind, &rows, &o).is_ok() {
            assert_fast_path_agrees(&ind, &rows, &o);
        } else {
            prop_assert!(entropy_weights_f64(&ind, &row_major(&rows), &o).is_err());
        }
    }

    /// Weights from any non-negative scores sum to exactly 1 at any precision.
    #[test]
    fn weights_sum_to_exactly_one(scores in prop::collection::vec(0u32..1000, 1..12), places in 0u32..10) {
        prop_assume!(scores.iter().any(|s| *s > 0));
        let w = Weights::from_scores(
            scores.iter().enumerate().map(|(i, s)| (format!("i{i}"), Decimal::from(*s))),
            &WeightOptions::default().places(places),
        ).unwrap();
        prop_assert_eq!(w.as_vec().iter().sum::<Decimal>(), Decimal::ONE);
        prop_assert!(w.as_vec().iter().all(|x| *x >= Decimal::ZERO && x.scale() <= places));
    }

    /// The chosen threshold never exceeds the target; the next one down always does;
    /// and unless ties got in the way, no whole number of enterprises comes closer.
    #[test]
    fn calibration_reaches_target_within_tie_limit(
        points in prop::collection::vec((0i64..8, any::<bool>()), 0..60),
        extra in 0u64..20,
        aaa_pct in 0i64..=50,
        aa_pct in 0i64..=50,
    ) {
        let population = points.len() as u64 + extra;
        prop_assume!(population > 0);
        let targets = CalibrationTargets::new(Decimal::new(aaa_pct, 2), Decimal::new(aa_pct, 2))
            .population(population);
        let c = calibrate(points.iter().map(|(p, e)| (Decimal::from(*p * 10), *e)), &targets).unwrap();
        let pop = Decimal::from(population);
        let eligible: Vec<Decimal> = points.iter().filter(|p| p.1).map(|p| Decimal::from(p.0 * 10)).collect();
        let below_aaa: Vec<Decimal> = eligible
            .iter()
            .copied()
            .filter(|p| c.aaa().threshold().is_none_or(|t| *p < t))
            .collect();
        for (choice, pool) in [(c.aaa(), eligible.clone()), (c.aa(), below_aaa)] {
            let target_count = choice.target() * pop;
            let reached = pool.iter().filter(|p| choice.threshold().is_some_and(|t| **p >= t)).count() as u64;
            prop_assert_eq!(reached, choice.count());
            prop_assert!(Decimal::from(choice.count()) <= target_count);
            prop_assert!(close(choice.share() * pop, Decimal::from(choice.count()), "1e-20"));
            match choice.share_above() {
                Some(above) => {
                    prop_assert!(above * pop > target_count);
                    let at = choice.threshold_above().unwrap();
                    prop_assert!(pool.contains(&at));
                    if !choice.is_tie_limited() {
                        prop_assert_eq!(Decimal::from(choice.count()), target_count.floor());
                    }
                }
                None => prop_assert_eq!(choice.count(), pool.len() as u64),
            }
            prop_assert_eq!(choice.is_exact(), Decimal::from(choice.count()) == target_count);
        }
    }
}

#[test]
fn calibration_reports_ties() {
    // Ten eligible enterprises: 80 (×1), 60 (×4), 30 (×5); target AAA 30%: 80 alone
    // is 10%, 60 would give 50%. Tie-limited (3 enterprises would have been
    // possible without the tie at 60).
    let mut pts = vec![(n(80), true)];
    pts.extend([(n(60), true); 4]);
    pts.extend([(n(30), true); 5]);
    let c = calibrate(pts, &CalibrationTargets::new(d("0.3"), d("0.5"))).unwrap();
    assert_eq!(c.aaa().threshold(), Some(n(80)));
    assert_eq!(c.aaa().share(), d("0.1"));
    assert!(!c.aaa().is_exact());
    assert!(c.aaa().is_tie_limited());
    assert_eq!(c.aaa().threshold_above(), Some(n(60)));
    assert_eq!(c.aaa().share_above(), Some(d("0.5")));
    // AA among the points below 80: 60 gives 40% ≤ 50%, 30 would give 90%.
    assert_eq!(c.aa().threshold(), Some(n(60)));
    assert_eq!(c.aa().share(), d("0.4"));
    assert!(c.aa().is_tie_limited());

    // A target met exactly.
    let c = threshold_for_share([n(3), n(2), n(1), n(0)], d("0.5"), 4).unwrap();
    assert_eq!(
        (c.threshold(), c.is_exact(), c.is_tie_limited()),
        (Some(n(2)), true, false)
    );
    // Target 0: nobody.
    let c = threshold_for_share([n(3), n(2)], Decimal::ZERO, 2).unwrap();
    assert_eq!(
        (c.threshold(), c.count(), c.share_above()),
        (None, 0, Some(d("0.5")))
    );
    // Bad input.
    assert_eq!(
        threshold_for_share([n(1)], d("1.1"), 1)
            .unwrap_err()
            .field(),
        Some("target")
    );
    assert_eq!(
        threshold_for_share([n(1), n(2)], d("0.1"), 1)
            .unwrap_err()
            .field(),
        Some("population")
    );
    let e = calibrate([(n(1), true)], &CalibrationTargets::new(d("0.6"), d("0.6"))).unwrap_err();
    assert_eq!(e.field(), Some("aa"));
}

// ---------------------------------------------------------------- over time

#[test]
fn psi_of_identical_distributions_is_zero() {
    let dist = GradeDistribution::from_counts([3, 10, 50, 7, 2, 1, 4, 0, 1]);
    let p = psi(&dist, &dist, &PsiOptions::default()).unwrap();
    assert_eq!(p.value(), Decimal::ZERO);
    assert_eq!(p.reading(), PsiReading::Stable);
    assert!(p.buckets().iter().all(|b| b.contribution.is_zero()));
    // Same shares, different sizes: still 0.
    let doubled = GradeDistribution::from_counts([6, 20, 100, 14, 4, 2, 8, 0, 2]);
    assert_eq!(
        psi(&dist, &doubled, &PsiOptions::default())
            .unwrap()
            .value(),
        Decimal::ZERO
    );
}

/// By hand: expected A ½, B ½; actual A ¼, B ¾:
/// PSI = (¼ − ½) ln(½) + (¾ − ½) ln(3/2) = ¼ (ln 2 + ln 3/2) = ¼ ln 3
/// = 0.274653072167 → a major shift.
/// With an empty bucket: expected A 1; actual A ½, B ½; B floored at 0.0001:
/// PSI = (½ − 1) ln ½ + (½ − 0.0001) ln(5000) = ½ ln 2 + 0.4999 ln 5000
/// = 4.604318466669.
#[test]
fn psi_by_hand() {
    let e = GradeDistribution::from_outcomes([A, B]);
    let a = GradeDistribution::from_outcomes([A, B, B, B]);
    let p = psi(&e, &a, &PsiOptions::default()).unwrap();
    assert_eq!(p.value(), d("0.274653072167"));
    assert_eq!(p.reading(), PsiReading::MajorShift);

    let e = GradeDistribution::from_outcomes([A, A]);
    let a = GradeDistribution::from_outcomes([A, B]);
    let p = psi(&e, &a, &PsiOptions::default()).unwrap();
    assert_eq!(p.value(), d("4.604318466669"));

    assert_eq!(PsiReading::of(d("0.0999")), PsiReading::Stable);
    assert_eq!(PsiReading::of(d("0.2499")), PsiReading::SomeShift);
    let empty = GradeDistribution::new();
    assert_eq!(
        psi(&empty, &a, &PsiOptions::default()).unwrap_err().field(),
        Some("expected")
    );
    let bad = PsiOptions::default().epsilon(Decimal::ZERO);
    assert_eq!(psi(&e, &a, &bad).unwrap_err().field(), Some("epsilon"));
}

#[test]
fn upgrade_and_downgrade_counts_between_two_dates() {
    let jan = [
        ("e1", A),
        ("e2", B),
        ("e3", C),
        ("e4", AA),
        ("e5", Outcome::NotRegistered),
    ];
    let feb = [("e5", A), ("e4", AAA), ("e3", DD), ("e2", A), ("e1", A)];
    let m = move_counts(jan, feb).unwrap();
    assert_eq!(
        (m.unchanged, m.upgrades, m.downgrades, m.status_changes),
        (1, 2, 1, 1)
    );
}

// ---------------------------------------------------------------- sensitivity

/// An AAA threshold swept over 0, 25, 50, 75 on points 10, 30, 30, 60:
/// AAA counts 4, 3, 1, 0 → changes 1, 2, 1 step by step; 1, 3, 4 from the start.
#[test]
fn sensitivity_counts_changes_per_step() {
    let points = [("e1", 10), ("e2", 30), ("e3", 30), ("e4", 60)];
    let run = |t: &i64| {
        points
            .iter()
            .map(|(id, p)| (id.to_string(), if *p >= *t { AAA } else { A }))
            .collect::<Vec<_>>()
    };
    let s = sensitivity(&[0, 25, 50, 75], run).unwrap();
    assert_eq!(s.population(), 4);
    let prev: Vec<u64> = s
        .steps()
        .iter()
        .map(|x| x.changed_from_previous())
        .collect();
    let first: Vec<u64> = s.steps().iter().map(|x| x.changed_from_first()).collect();
    assert_eq!(prev, [1, 2, 1]);
    assert_eq!(first, [1, 3, 4]);
    assert_eq!(s.steps()[1].transitions().count(AAA, A), 2);
    assert_eq!(s.steps()[1].index(), 2);

    let empty: [i64; 0] = [];
    assert_eq!(
        sensitivity(&empty, run).unwrap_err().field(),
        Some("params")
    );
    let shrinking = |t: &i64| {
        if *t == 0 {
            vec![("e1", A), ("e2", A)]
        } else {
            vec![("e1", A)]
        }
    };
    assert_eq!(
        sensitivity(&[0, 1], shrinking).unwrap_err().enterprise(),
        Some("e2")
    );
}

// ---------------------------------------------------------------- determinism

#[test]
fn results_are_deterministic_and_thread_safe() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Weights>();
    assert_send_sync::<TransitionMatrix>();
    let m = PairwiseMatrix::from_upper(["a", "b", "c", "d"], &[n(5), n(6), n(7), n(4), n(6), n(4)])
        .unwrap();
    let one = serde_json::to_string(&ahp(&m, &WeightOptions::default()).unwrap()).unwrap();
    let two = serde_json::to_string(&ahp(&m, &WeightOptions::default()).unwrap()).unwrap();
    assert_eq!(one, two);
    let outcomes: Vec<Outcome> =
        serde_json::from_str(r#"["AAA","closed","not_registered","error","D"]"#).unwrap();
    assert_eq!(
        outcomes,
        [
            AAA,
            Outcome::Closed,
            Outcome::NotRegistered,
            Outcome::Error,
            DD
        ]
    );
    assert_eq!(
        serde_json::to_string(&outcomes).unwrap(),
        r#"["AAA","closed","not_registered","error","D"]"#
    );
}
