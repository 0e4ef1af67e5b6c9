//! Sensitivity: how many enterprises change grade as a parameter moves.

use serde::{Deserialize, Serialize};

use super::compare::{Outcome, TransitionMatrix};
use crate::Error;

/// One step of a sensitivity run: from parameter `index − 1` to `index`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SensitivityStep {
    index: usize,
    changed_from_previous: u64,
    changed_from_first: u64,
    transitions: TransitionMatrix,
}

impl SensitivityStep {
    /// The position of the parameter value in the sequence (1 for the second).
    #[must_use]
    pub fn index(&self) -> usize {
        self.index
    }

    /// Enterprises whose outcome differs from the previous parameter value.
    #[must_use]
    pub fn changed_from_previous(&self) -> u64 {
        self.changed_from_previous
    }

    /// Enterprises whose outcome differs from the first parameter value.
    #[must_use]
    pub fn changed_from_first(&self) -> u64 {
        self.changed_from_first
    }

    /// The transitions from the previous parameter value.
    #[must_use]
    pub fn transitions(&self) -> &TransitionMatrix {
        &self.transitions
    }
}

/// 敏感性分析 — the result of [`sensitivity`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sensitivity {
    population: u64,
    steps: Vec<SensitivityStep>,
}

impl Sensitivity {
    /// The number of enterprises graded at each value.
    #[must_use]
    pub fn population(&self) -> u64 {
        self.population
    }

    /// One step per parameter value after the first.
    #[must_use]
    pub fn steps(&self) -> &[SensitivityStep] {
        &self.steps
    }
}

/// Grades the population at each parameter value with `grade` and reports, step by
/// step, how many enterprises change outcome.
///
/// ```
/// use creditgrade::Grade;
/// use creditgrade::research::{sensitivity, Outcome};
/// // Points 10, 20, 30; AAA at "at least t" points, otherwise A.
/// let points = [("e1", 10), ("e2", 20), ("e3", 30)];
/// let grade = |t: &i32| {
///     points
///         .iter()
///         .map(|(id, p)| (*id, Outcome::from(if *p >= *t { Grade::Aaa } else { Grade::A })))
///         .collect::<Vec<_>>()
/// };
/// let s = sensitivity(&[10, 15, 25, 35], grade)?;
/// let changed: Vec<u64> = s.steps().iter().map(|x| x.changed_from_previous()).collect();
/// assert_eq!(changed, [1, 1, 1]);
/// assert_eq!(s.steps()[2].changed_from_first(), 3);
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when there are no
/// parameter values, or two runs do not grade the same enterprises (an id repeated
/// or missing; the enterprise is named).
pub fn sensitivity<P, F, S>(params: &[P], grade: F) -> Result<Sensitivity, Error>
where
    F: Fn(&P) -> Vec<(S, Outcome)>,
    S: Into<String>,
{
    let mut values = params.iter();
    let Some(first_param) = values.next() else {
        return Err(Error::invalid_input("params", "no parameter values"));
    };
    let to_owned = |run: Vec<(S, Outcome)>| -> Vec<(String, Outcome)> {
        run.into_iter().map(|(id, o)| (id.into(), o)).collect()
    };
    let first = to_owned(grade(first_param));
    // Validates the first run's ids (non-empty, distinct).
    let baseline = TransitionMatrix::between(first.clone(), first.clone())?;
    let mut previous = first.clone();
    let mut steps = Vec::new();
    for (i, p) in values.enumerate() {
        let run = to_owned(grade(p));
        let transitions = TransitionMatrix::between(previous, run.clone())?;
        let from_first = TransitionMatrix::between(first.clone(), run.clone())?;
        steps.push(SensitivityStep {
            index: i + 1,
            changed_from_previous: u64::try_from(transitions.movers().len()).unwrap_or(u64::MAX),
            changed_from_first: u64::try_from(from_first.movers().len()).unwrap_or(u64::MAX),
            transitions,
        });
        previous = run;
    }
    Ok(Sensitivity {
        population: baseline.total(),
        steps,
    })
}
