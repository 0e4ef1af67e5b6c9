//! Policies side by side: outcomes, grade distributions and transition matrices.

use core::fmt;
use core::str::FromStr;
use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::num::{div, from_u64};
use crate::{Error, Grade};

/// What grading one enterprise gave: a grade, or why there is none.
///
/// Written as in `grades.csv`: `AAA`, `AA`, `A`, `B`, `C`, `D`, `closed`,
/// `not_registered`, `error`. Ordered like [`Outcome::ALL`].
///
/// ```
/// use creditgrade::Grade;
/// use creditgrade::research::Outcome;
/// assert_eq!("AA".parse::<Outcome>()?, Outcome::Graded(Grade::Aa));
/// assert_eq!(Outcome::NotRegistered.to_string(), "not_registered");
/// assert_eq!(Outcome::from(Grade::B).index(), 3);
/// # Ok::<(), creditgrade::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// A grade.
    Graded(Grade),
    /// 注销 — deregistered: closed and not rated.
    Closed,
    /// Registered after the assessment date: not rated yet.
    NotRegistered,
    /// The enterprise's data are in error: not rated.
    Error,
}

impl Outcome {
    /// The number of outcomes: six grades and three others.
    pub const COUNT: usize = 9;

    /// All outcomes: the grades best first, then closed, not registered, error.
    pub const ALL: [Outcome; Outcome::COUNT] = [
        Outcome::Graded(Grade::Aaa),
        Outcome::Graded(Grade::Aa),
        Outcome::Graded(Grade::A),
        Outcome::Graded(Grade::B),
        Outcome::Graded(Grade::C),
        Outcome::Graded(Grade::D),
        Outcome::Closed,
        Outcome::NotRegistered,
        Outcome::Error,
    ];

    /// Position in [`Outcome::ALL`] (0 for AAA … 8 for error).
    #[must_use]
    pub const fn index(self) -> usize {
        match self {
            Outcome::Graded(g) => g.index(),
            Outcome::Closed => 6,
            Outcome::NotRegistered => 7,
            Outcome::Error => 8,
        }
    }

    /// The grade, if there is one.
    #[must_use]
    pub const fn grade(self) -> Option<Grade> {
        match self {
            Outcome::Graded(g) => Some(g),
            _ => None,
        }
    }

    /// As written in `grades.csv`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Graded(g) => g.as_str(),
            Outcome::Closed => "closed",
            Outcome::NotRegistered => "not_registered",
            Outcome::Error => "error",
        }
    }

    /// The Chinese label.
    #[must_use]
    pub const fn label_zh(self) -> &'static str {
        match self {
            Outcome::Graded(g) => g.label_zh(),
            Outcome::Closed => "注销",
            Outcome::NotRegistered => "未登记",
            Outcome::Error => "数据错误",
        }
    }
}

impl From<Grade> for Outcome {
    fn from(g: Grade) -> Self {
        Outcome::Graded(g)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for Outcome {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        Outcome::ALL
            .into_iter()
            .find(|o| o.as_str() == s)
            .ok_or_else(|| Error::parse(format!("unknown outcome {s:?}")))
    }
}

impl Serialize for Outcome {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Outcome {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// How an enterprise's outcome changed between two gradings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    /// Same outcome.
    Unchanged,
    /// Graded both times, better the second time (e.g. B → A).
    Upgrade,
    /// Graded both times, worse the second time (e.g. AA → A).
    Downgrade,
    /// At least one side is not a grade (closed, not registered, error), and the
    /// outcomes differ.
    StatusChange,
}

impl Movement {
    /// The movement from `before` to `after`.
    ///
    /// ```
    /// use creditgrade::Grade;
    /// use creditgrade::research::{Movement, Outcome};
    /// assert_eq!(Movement::between(Grade::B.into(), Grade::A.into()), Movement::Upgrade);
    /// assert_eq!(Movement::between(Grade::A.into(), Outcome::Closed), Movement::StatusChange);
    /// ```
    #[must_use]
    pub fn between(before: Outcome, after: Outcome) -> Movement {
        match (before, after) {
            _ if before == after => Movement::Unchanged,
            (Outcome::Graded(a), Outcome::Graded(b)) if b < a => Movement::Upgrade,
            (Outcome::Graded(_), Outcome::Graded(_)) => Movement::Downgrade,
            _ => Movement::StatusChange,
        }
    }
}

/// 分布 — how many enterprises got each outcome, and the shares.
///
/// ```
/// use creditgrade::Grade;
/// use creditgrade::research::{GradeDistribution, Outcome};
/// use rust_decimal::Decimal;
/// let d = GradeDistribution::from_outcomes([
///     Outcome::Graded(Grade::A), Outcome::Graded(Grade::A), Outcome::Graded(Grade::B), Outcome::Error,
/// ]);
/// assert_eq!(d.count(Outcome::Graded(Grade::A)), 2);
/// assert_eq!(d.total(), 4);
/// assert_eq!(d.share(Outcome::Graded(Grade::A)), Some(Decimal::new(5, 1)));
/// assert_eq!(d.share(Outcome::Error), Some(Decimal::new(25, 2)));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GradeDistribution {
    counts: [u64; Outcome::COUNT],
}

impl GradeDistribution {
    /// An empty distribution.
    #[must_use]
    pub fn new() -> Self {
        GradeDistribution::default()
    }

    /// Counts the outcomes.
    #[must_use]
    pub fn from_outcomes<I: IntoIterator<Item = Outcome>>(outcomes: I) -> Self {
        let mut d = GradeDistribution::new();
        for o in outcomes {
            d.add(o);
        }
        d
    }

    /// A distribution from counts in the order of [`Outcome::ALL`].
    #[must_use]
    pub fn from_counts(counts: [u64; Outcome::COUNT]) -> Self {
        GradeDistribution { counts }
    }

    /// Counts one more enterprise with `outcome` (saturating at `u64::MAX`).
    pub fn add(&mut self, outcome: Outcome) {
        if let Some(c) = self.counts.get_mut(outcome.index()) {
            *c = c.saturating_add(1);
        }
    }

    /// The number of enterprises with `outcome`.
    #[must_use]
    pub fn count(&self, outcome: Outcome) -> u64 {
        self.counts.get(outcome.index()).copied().unwrap_or(0)
    }

    /// The counts in the order of [`Outcome::ALL`].
    #[must_use]
    pub fn counts(&self) -> [u64; Outcome::COUNT] {
        self.counts
    }

    /// The number of enterprises (saturating at `u64::MAX`).
    #[must_use]
    pub fn total(&self) -> u64 {
        self.counts.iter().fold(0u64, |a, c| a.saturating_add(*c))
    }

    /// The share of `outcome` (exact to 28 significant digits); `None` when the
    /// distribution is empty.
    #[must_use]
    pub fn share(&self, outcome: Outcome) -> Option<Decimal> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        div(from_u64(self.count(outcome)), from_u64(total), "a share")
            .ok()
            .map(|d| d.normalize())
    }

    /// `(outcome, share)` for every outcome, in the order of [`Outcome::ALL`];
    /// empty when the distribution is empty.
    #[must_use]
    pub fn shares(&self) -> Vec<(Outcome, Decimal)> {
        Outcome::ALL
            .into_iter()
            .filter_map(|o| self.share(o).map(|s| (o, s)))
            .collect()
    }
}

/// An enterprise whose outcome differs between the two sides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mover {
    /// The enterprise id.
    pub id: String,
    /// The outcome on the first side (policy 1, or the earlier date).
    pub before: Outcome,
    /// The outcome on the second side.
    pub after: Outcome,
}

impl Mover {
    /// How the outcome moved.
    #[must_use]
    pub fn movement(&self) -> Movement {
        Movement::between(self.before, self.after)
    }
}

/// 迁移矩阵 — counts of (outcome under policy 1, outcome under policy 2), and the
/// enterprises that moved.
///
/// Rows are the first side, columns the second, both in the order of
/// [`Outcome::ALL`]; the cells sum to the population.
///
/// ```
/// use creditgrade::Grade;
/// use creditgrade::research::{Outcome, TransitionMatrix};
/// let m = TransitionMatrix::from_pairs([
///     ("e1", Outcome::Graded(Grade::A), Outcome::Graded(Grade::A)),
///     ("e2", Outcome::Graded(Grade::A), Outcome::Graded(Grade::Aa)),
///     ("e3", Outcome::Graded(Grade::B), Outcome::Graded(Grade::C)),
/// ])?;
/// assert_eq!(m.total(), 3);
/// assert_eq!(m.count(Outcome::Graded(Grade::A), Outcome::Graded(Grade::Aa)), 1);
/// assert_eq!(m.upgrades(), 1);
/// assert_eq!(m.downgrades(), 1);
/// assert_eq!(m.movers().iter().map(|x| x.id.as_str()).collect::<Vec<_>>(), ["e2", "e3"]);
/// # Ok::<(), creditgrade::Error>(())
/// ```
///
/// Deserialising checks what [`TransitionMatrix::from_pairs`] guarantees: mover ids
/// non-empty and unique, each mover's outcomes different, and each cell off the
/// diagonal equal to the number of movers between its two outcomes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawTransitionMatrix")]
pub struct TransitionMatrix {
    cells: [[u64; Outcome::COUNT]; Outcome::COUNT],
    movers: Vec<Mover>,
}

/// A matrix as read, before its counts and movers are checked against each other.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransitionMatrix {
    cells: [[u64; Outcome::COUNT]; Outcome::COUNT],
    movers: Vec<Mover>,
}

impl TryFrom<RawTransitionMatrix> for TransitionMatrix {
    type Error = Error;

    fn try_from(raw: RawTransitionMatrix) -> Result<TransitionMatrix, Error> {
        let mut seen = std::collections::BTreeSet::new();
        let mut moved = [[0u64; Outcome::COUNT]; Outcome::COUNT];
        for (i, m) in raw.movers.iter().enumerate() {
            let field = format!("movers[{i}]");
            if m.id.is_empty() {
                return Err(Error::invalid_input(field, "empty enterprise id"));
            }
            if !seen.insert(m.id.as_str()) {
                return Err(
                    Error::invalid_input(field, "enterprise appears twice").with_enterprise(&m.id)
                );
            }
            if m.before == m.after {
                return Err(
                    Error::invalid_input(field, "a mover's outcomes are the same")
                        .with_enterprise(&m.id),
                );
            }
            let c = &mut moved[m.before.index()][m.after.index()];
            *c = c.saturating_add(1);
        }
        for (a, row) in raw.cells.iter().enumerate() {
            for (b, &n) in row.iter().enumerate() {
                if a != b && n != moved[a][b] {
                    return Err(Error::invalid_input(
                        format!("cells[{a}][{b}]"),
                        format!(
                            "{n} enterprises, but {} movers between these outcomes",
                            moved[a][b]
                        ),
                    ));
                }
            }
        }
        Ok(TransitionMatrix {
            cells: raw.cells,
            movers: raw.movers,
        })
    }
}

impl TransitionMatrix {
    /// Builds the matrix from `(id, outcome 1, outcome 2)`; movers are listed in
    /// input order.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when an id is
    /// empty or appears twice (the enterprise is named).
    pub fn from_pairs<S, I>(pairs: I) -> Result<TransitionMatrix, Error>
    where
        S: Into<String>,
        I: IntoIterator<Item = (S, Outcome, Outcome)>,
    {
        let mut seen = std::collections::BTreeSet::new();
        let mut m = TransitionMatrix::default();
        for (i, (id, before, after)) in pairs.into_iter().enumerate() {
            let id: String = id.into();
            if id.is_empty() {
                return Err(Error::invalid_input(
                    format!("pairs[{i}]"),
                    "empty enterprise id",
                ));
            }
            if !seen.insert(id.clone()) {
                return Err(Error::invalid_input(
                    format!("pairs[{i}]"),
                    "enterprise appears twice",
                )
                .with_enterprise(id));
            }
            if let Some(c) = m
                .cells
                .get_mut(before.index())
                .and_then(|r| r.get_mut(after.index()))
            {
                *c = c.saturating_add(1);
            }
            if before != after {
                m.movers.push(Mover { id, before, after });
            }
        }
        Ok(m)
    }

    /// Builds the matrix from two gradings of one population, matched by id; the
    /// result follows the order of `before`.
    ///
    /// ```
    /// use creditgrade::Grade;
    /// use creditgrade::research::{Outcome, TransitionMatrix};
    /// let before = [("e1", Outcome::Graded(Grade::A)), ("e2", Outcome::Graded(Grade::B))];
    /// let after = [("e2", Outcome::Graded(Grade::A)), ("e1", Outcome::Graded(Grade::A))];
    /// let m = TransitionMatrix::between(before, after)?;
    /// assert_eq!(m.upgrades(), 1);
    /// assert_eq!(m.unchanged(), 1);
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when an id is
    /// empty, appears twice on one side, or appears on one side only (named).
    pub fn between<S, T>(
        before: impl IntoIterator<Item = (S, Outcome)>,
        after: impl IntoIterator<Item = (T, Outcome)>,
    ) -> Result<TransitionMatrix, Error>
    where
        S: Into<String>,
        T: Into<String>,
    {
        TransitionMatrix::from_pairs(pair_by_id(before, after)?)
    }

    /// The number of enterprises with `before` on the first side and `after` on
    /// the second.
    #[must_use]
    pub fn count(&self, before: Outcome, after: Outcome) -> u64 {
        self.cells
            .get(before.index())
            .and_then(|r| r.get(after.index()))
            .copied()
            .unwrap_or(0)
    }

    /// The cells, rows the first side, columns the second, in the order of
    /// [`Outcome::ALL`].
    #[must_use]
    pub fn cells(&self) -> [[u64; Outcome::COUNT]; Outcome::COUNT] {
        self.cells
    }

    /// The population: the sum of all cells.
    #[must_use]
    pub fn total(&self) -> u64 {
        self.cells
            .iter()
            .flatten()
            .fold(0u64, |a, c| a.saturating_add(*c))
    }

    /// The distribution on the first side (row sums).
    #[must_use]
    pub fn before(&self) -> GradeDistribution {
        let mut counts = [0u64; Outcome::COUNT];
        for (c, row) in counts.iter_mut().zip(&self.cells) {
            *c = row.iter().fold(0u64, |a, x| a.saturating_add(*x));
        }
        GradeDistribution::from_counts(counts)
    }

    /// The distribution on the second side (column sums).
    #[must_use]
    pub fn after(&self) -> GradeDistribution {
        let mut counts = [0u64; Outcome::COUNT];
        for row in &self.cells {
            for (c, x) in counts.iter_mut().zip(row) {
                *c = c.saturating_add(*x);
            }
        }
        GradeDistribution::from_counts(counts)
    }

    /// The enterprises whose outcome differs, in input order.
    #[must_use]
    pub fn movers(&self) -> &[Mover] {
        &self.movers
    }

    fn movement_count(&self, movement: Movement) -> u64 {
        let mut n = 0u64;
        for (i, row) in self.cells.iter().enumerate() {
            for (j, c) in row.iter().enumerate() {
                let (Some(a), Some(b)) = (Outcome::ALL.get(i), Outcome::ALL.get(j)) else {
                    continue;
                };
                if Movement::between(*a, *b) == movement {
                    n = n.saturating_add(*c);
                }
            }
        }
        n
    }

    /// Enterprises with the same outcome on both sides (the diagonal).
    #[must_use]
    pub fn unchanged(&self) -> u64 {
        self.movement_count(Movement::Unchanged)
    }

    /// Enterprises graded on both sides and better on the second.
    #[must_use]
    pub fn upgrades(&self) -> u64 {
        self.movement_count(Movement::Upgrade)
    }

    /// Enterprises graded on both sides and worse on the second.
    #[must_use]
    pub fn downgrades(&self) -> u64 {
        self.movement_count(Movement::Downgrade)
    }

    /// Enterprises whose outcome changed with a non-grade on at least one side.
    #[must_use]
    pub fn status_changes(&self) -> u64 {
        self.movement_count(Movement::StatusChange)
    }
}

/// Matches two gradings of one population by id, in the order of `before`.
pub(crate) fn pair_by_id<S, T>(
    before: impl IntoIterator<Item = (S, Outcome)>,
    after: impl IntoIterator<Item = (T, Outcome)>,
) -> Result<Vec<(String, Outcome, Outcome)>, Error>
where
    S: Into<String>,
    T: Into<String>,
{
    let mut second: BTreeMap<String, Outcome> = BTreeMap::new();
    for (i, (id, o)) in after.into_iter().enumerate() {
        let id: String = id.into();
        if second.insert(id.clone(), o).is_some() {
            return Err(
                Error::invalid_input(format!("after[{i}]"), "enterprise appears twice")
                    .with_enterprise(id),
            );
        }
    }
    let mut pairs = Vec::with_capacity(second.len());
    let mut first = std::collections::BTreeSet::new();
    for (i, (id, o)) in before.into_iter().enumerate() {
        let id: String = id.into();
        if !first.insert(id.clone()) {
            return Err(
                Error::invalid_input(format!("before[{i}]"), "enterprise appears twice")
                    .with_enterprise(id),
            );
        }
        let Some(o2) = second.remove(&id) else {
            return Err(Error::invalid_input(
                format!("before[{i}]"),
                "enterprise is missing from the second grading",
            )
            .with_enterprise(id));
        };
        pairs.push((id, o, o2));
    }
    if let Some(id) = second.into_keys().next() {
        return Err(
            Error::invalid_input("after", "enterprise is missing from the first grading")
                .with_enterprise(id),
        );
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_parse_and_index_in_order() {
        for (i, o) in Outcome::ALL.into_iter().enumerate() {
            assert_eq!(o.index(), i);
            assert_eq!(o.as_str().parse::<Outcome>().unwrap(), o);
        }
        assert_eq!(
            "revoked".parse::<Outcome>().unwrap_err().to_string(),
            "unknown outcome \"revoked\""
        );
        assert_eq!(Outcome::Graded(Grade::C).grade(), Some(Grade::C));
        assert_eq!(Outcome::Closed.grade(), None);
        assert_eq!(Outcome::Closed.label_zh(), "注销");
    }

    #[test]
    fn movements() {
        use Movement::{Downgrade, StatusChange, Unchanged, Upgrade};
        let g = Outcome::Graded;
        assert_eq!(Movement::between(g(Grade::Aaa), g(Grade::Aaa)), Unchanged);
        assert_eq!(Movement::between(Outcome::Error, Outcome::Error), Unchanged);
        assert_eq!(Movement::between(g(Grade::D), g(Grade::Aaa)), Upgrade);
        assert_eq!(Movement::between(g(Grade::Aa), g(Grade::A)), Downgrade);
        assert_eq!(
            Movement::between(Outcome::NotRegistered, g(Grade::A)),
            StatusChange
        );
        assert_eq!(
            Movement::between(Outcome::Closed, Outcome::Error),
            StatusChange
        );
    }

    #[test]
    fn empty_distribution_has_no_shares() {
        let d = GradeDistribution::new();
        assert_eq!(d.total(), 0);
        assert_eq!(d.share(Outcome::Error), None);
        assert!(d.shares().is_empty());
    }
}
