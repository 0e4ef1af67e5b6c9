//! Grading a columnar [`Population`] with the national effects of the policy
//! ([`Policy::national`](crate::Policy::national)): each member with its
//! [`Standing`], given in the population's order.

use chrono::NaiveDate;

use super::{Mark, Standing};
use crate::assess::{explain_national, national_effects, sequential, summary_of};
use crate::policy::NationalGrading;
use crate::population::kernel::{Plan, Scratch};
use crate::population::{Population, Tables};
use crate::{ArticleLookup, Assessment, Assessor, Error, ErrorKind, Summary, Workspace};

/// One member's entry in the standings given to the population paths
/// ([`Assessor::summarize_population_national`]): a [`Standing`], or the error
/// met while computing it (the member's result is then that error).
///
/// Implemented for [`Standing`] and for `Result<Standing, Error>`, the answer of
/// [`NationalRules::standing`](crate::national::NationalRules::standing), so the
/// standings of a population can be collected as they come.
pub trait MemberStanding {
    /// The standing, or the error that stands in its place.
    ///
    /// # Errors
    ///
    /// The error met while computing the standing.
    fn standing(&self) -> Result<&Standing, &Error>;
}

impl MemberStanding for Standing {
    fn standing(&self) -> Result<&Standing, &Error> {
        Ok(self)
    }
}

impl MemberStanding for Result<Standing, Error> {
    fn standing(&self) -> Result<&Standing, &Error> {
        self.as_ref()
    }
}

/// The standing of member `e`: present, computed, and the member's own.
fn member_standing<'s, S: MemberStanding>(
    population: &Population,
    standings: &'s [S],
    e: usize,
) -> Result<&'s Standing, Error> {
    let id = population.id(e);
    let Some(entry) = standings.get(e) else {
        return Err(Error::invalid_input(
            "standing",
            format!(
                "no national standing for member {e}: {} standings for a population of {} \
                 (an enterprise without marks has Standing::clear)",
                standings.len(),
                population.len()
            ),
        )
        .with_enterprise(id));
    };
    let standing = entry.standing().map_err(Clone::clone)?;
    if standing.enterprise != id {
        return Err(Error::new(
            ErrorKind::ForeignFact,
            format!(
                "the national standing at position {e} belongs to {:?}, not to {id:?}",
                standing.enterprise
            ),
        )
        .with_enterprise(id)
        .with_field("standing"));
    }
    Ok(standing)
}

/// Whether a mark with an effect holds on `t`: if none does, the national
/// effects leave the local grade as it is.
fn any_effect(n: NationalGrading, standing: &Standing, t: NaiveDate) -> bool {
    Mark::ALL
        .into_iter()
        .any(|m| n.effect(m).any() && standing.holds(m, t))
}

impl<C: ArticleLookup> Assessor<C> {
    /// Grades every enterprise of a columnar [`Population`] on the lean path with
    /// the policy's national effects, each with its [`Standing`] (`standings[e]`
    /// for member `e`, in the population's order; see [`MemberStanding`]): the
    /// same results as [`summarize_national`](Assessor::summarize_national) on
    /// the same enterprises as histories, in input order.
    ///
    /// With the policy's `national` section off the standings are not read and
    /// the results are [`summarize_population`](Assessor::summarize_population)'s.
    ///
    /// ```
    /// use creditgrade::chrono::NaiveDate;
    /// use creditgrade::national::{Decision, Dossier, Measure, NationalRules, SeriousListing};
    /// use creditgrade::population::Population;
    /// use creditgrade::{Assessor, Catalogue, Enterprise, Grade, History, Policy};
    ///
    /// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    /// let t = d(2025, 1, 1);
    /// let histories = [
    ///     History::new(Enterprise::new("E1", d(2020, 1, 1)).legal_person(true), vec![])?,
    ///     History::new(Enterprise::new("E2", d(2020, 1, 1)).legal_person(true), vec![])?,
    /// ];
    /// let population = Population::from_histories(&histories)?;
    /// let listed = Dossier::new("E1")
    ///     .decision(Decision::new("P1", d(2024, 3, 1), "art-9").with_measure(Measure::LicenceRevoked))
    ///     .serious_listing(SeriousListing::decision("S1", "P1", d(2024, 4, 1)));
    /// let rules = NationalRules::national_2026();
    /// let standings = [rules.standing(&listed, t), rules.standing(&Dossier::new("E2"), t)];
    /// let national = Assessor::new(Policy::national_2026(), Catalogue::new())?;
    /// let grades = national.summarize_population_national(&population, &standings, t);
    /// assert_eq!(grades[0].as_ref().unwrap().grade, Some(Grade::D)); // the serious list
    /// // E2 holds no mark: graded as by the seed.
    /// let seed = Assessor::new(Policy::seed(), Catalogue::new())?;
    /// assert_eq!(grades[1], seed.summarize(&histories[1], t));
    /// # Ok::<(), creditgrade::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Per enterprise, as [`summarize_national`](Assessor::summarize_national),
    /// after the member's validation error; with the national section on:
    /// [`ErrorKind::InvalidInput`] (field `standing`) when `standings` has no
    /// entry for the member, the entry's own error when it is one, and
    /// [`ErrorKind::ForeignFact`] (field `standing`) naming both enterprises when
    /// the standing is another enterprise's.
    #[must_use]
    pub fn summarize_population_national<S: MemberStanding>(
        &self,
        population: &Population,
        standings: &[S],
        as_of: NaiveDate,
    ) -> Vec<Result<Summary, Error>> {
        let Some(n) = self.policy().national else {
            return self.summarize_population(population, as_of);
        };
        let tables = population.tables(self.catalogue(), self.policy());
        let plan = self.plan(population, &tables, as_of);
        let job = Job {
            n,
            population,
            tables: &tables,
            plan: plan.as_ref(),
            t: as_of,
        };
        let mut scratch = Scratch::default();
        sequential(0..population.len(), |ws, e| {
            self.summarize_national_member(&job, &mut scratch, ws, standings, e)
        })
    }

    /// Grades every enterprise of a columnar [`Population`] with reasons and the
    /// policy's national effects, each with its [`Standing`] in the population's
    /// order: the same results as [`assess_national`](Assessor::assess_national)
    /// on the same enterprises as histories, in input order.
    ///
    /// # Errors
    ///
    /// Per enterprise, as
    /// [`summarize_population_national`](Assessor::summarize_population_national).
    #[must_use]
    pub fn assess_population_national<S: MemberStanding>(
        &self,
        population: &Population,
        standings: &[S],
        as_of: NaiveDate,
    ) -> Vec<Result<Assessment, Error>> {
        let Some(n) = self.policy().national else {
            return self.assess_population(population, as_of);
        };
        let tables = population.tables(self.catalogue(), self.policy());
        sequential(0..population.len(), |ws, e| {
            self.assess_national_member(n, ws, population, &tables, standings, e, as_of)
        })
    }

    /// One member on the lean path: by the one-pass plan when no mark with an
    /// effect holds (the national effects then change nothing), else by the
    /// general engine with the effects applied.
    fn summarize_national_member<S: MemberStanding>(
        &self,
        job: &Job<'_, '_>,
        scratch: &mut Scratch,
        ws: &mut Workspace,
        standings: &[S],
        e: usize,
    ) -> Result<Summary, Error> {
        if let Some(err) = job.population.error(e) {
            return Err(err.clone());
        }
        let standing = member_standing(job.population, standings, e)?;
        if !any_effect(job.n, standing, job.t) {
            if let Some(s) = job.plan.and_then(|p| p.summarize(scratch, e)) {
                return Ok(s);
            }
        }
        let outcome = self.evaluate(ws, &job.population.member(e, Some(job.tables)), job.t)?;
        Ok(summary_of(
            national_effects(job.n, outcome, standing, job.t).0,
        ))
    }

    #[allow(clippy::too_many_arguments)]
    fn assess_national_member<S: MemberStanding>(
        &self,
        n: NationalGrading,
        ws: &mut Workspace,
        population: &Population,
        tables: &Tables,
        standings: &[S],
        e: usize,
        t: NaiveDate,
    ) -> Result<Assessment, Error> {
        if let Some(err) = population.error(e) {
            return Err(err.clone());
        }
        let standing = member_standing(population, standings, e)?;
        let rec = population.member(e, Some(tables));
        let outcome = self.evaluate(ws, &rec, t)?;
        let (outcome, cap) = national_effects(n, outcome, standing, t);
        let mut a = self.explain(ws, &rec, t, outcome);
        explain_national(n, &mut a, standing, t, cap);
        Ok(a)
    }
}

/// What every member of one lean national run shares.
struct Job<'p, 'a> {
    n: NationalGrading,
    population: &'p Population,
    tables: &'p Tables,
    plan: Option<&'p Plan<'a>>,
    t: NaiveDate,
}

#[cfg(feature = "rayon")]
impl<C: ArticleLookup + Sync> Assessor<C> {
    /// [`summarize_population_national`](Assessor::summarize_population_national)
    /// in parallel (feature `rayon`): the same results, in input order.
    #[must_use]
    pub fn par_summarize_population_national<S: MemberStanding + Sync>(
        &self,
        population: &Population,
        standings: &[S],
        as_of: NaiveDate,
    ) -> Vec<Result<Summary, Error>> {
        use rayon::prelude::*;
        let Some(n) = self.policy().national else {
            return self.par_summarize_population(population, as_of);
        };
        let tables = population.tables(self.catalogue(), self.policy());
        let plan = self.plan(population, &tables, as_of);
        let job = Job {
            n,
            population,
            tables: &tables,
            plan: plan.as_ref(),
            t: as_of,
        };
        (0..population.len())
            .into_par_iter()
            .with_min_len(1024)
            .map_init(
                || (Scratch::default(), Workspace::new()),
                |(scratch, ws), e| self.summarize_national_member(&job, scratch, ws, standings, e),
            )
            .collect()
    }

    /// [`assess_population_national`](Assessor::assess_population_national) in
    /// parallel (feature `rayon`): the same results, in input order.
    #[must_use]
    pub fn par_assess_population_national<S: MemberStanding + Sync>(
        &self,
        population: &Population,
        standings: &[S],
        as_of: NaiveDate,
    ) -> Vec<Result<Assessment, Error>> {
        use rayon::prelude::*;
        let Some(n) = self.policy().national else {
            return self.par_assess_population(population, as_of);
        };
        let tables = population.tables(self.catalogue(), self.policy());
        (0..population.len())
            .into_par_iter()
            .with_min_len(256)
            .map_init(Workspace::new, |ws, e| {
                self.assess_national_member(n, ws, population, &tables, standings, e, as_of)
            })
            .collect()
    }
}
