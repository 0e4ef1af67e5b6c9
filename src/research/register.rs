//! A register-like synthetic population: full annual-report histories since 2013.
//!
//! [`register_enterprises`] yields enterprises shaped like a real market
//! register graded at [`REGISTER_AS_OF`] (30 June 2026): registered between 2010
//! and 2025, each with one annual report per year from the later of its
//! registration year and 2013 to 2025 (97 % filed on time in the first half of
//! the next year, 2 % late, 1 % missing), plus about 2.7 other facts: consumer
//! complaints, honours (most with an expiry), penalties under the
//! [`synth_catalogue`](super::synth_catalogue) articles, admonitions, breaches,
//! credit repairs of penalties, key-person flags, and a few revocations and
//! deregistrations. About ten facts per enterprise, three quarters of them
//! annual reports. Enterprise `i` depends only on the seed and `i`, drawn from
//! the same `SplitMix64` generator as the other synthetic populations.
//!
//! ```
//! use creditgrade::research::register_enterprises;
//! let all: Vec<_> = register_enterprises(100, 7).collect();
//! assert_eq!(all.len(), 100);
//! let facts: usize = all.iter().map(|(_, f)| f.len()).sum();
//! assert!(facts > 700 && facts < 1400);
//! ```

use chrono::{Datelike, Days, NaiveDate};

use crate::model::{AdGrade, Honour, HonourLevel};
use crate::{Enterprise, Fact};

/// The date a register-like population is meant to be graded at: 2026-06-30.
pub const REGISTER_AS_OF: NaiveDate = match NaiveDate::from_ymd_opt(2026, 6, 30) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// Yields `count` register-like enterprises for `seed`; see the module
/// documentation.
#[must_use]
pub fn register_enterprises(count: usize, seed: u64) -> RegisterEnterprises {
    RegisterEnterprises {
        seed,
        next: 0,
        end: count,
    }
}

/// The iterator of [`register_enterprises`].
#[derive(Clone, Debug)]
pub struct RegisterEnterprises {
    seed: u64,
    next: usize,
    end: usize,
}

impl Iterator for RegisterEnterprises {
    type Item = (Enterprise, Vec<Fact>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.next >= self.end {
            return None;
        }
        let item = enterprise(self.seed, self.next);
        self.next += 1;
        Some(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.end - self.next;
        (n, Some(n))
    }
}

impl ExactSizeIterator for RegisterEnterprises {}

struct Draw(crate::rng::SplitMix64);

impl Draw {
    /// A draw below `n`.
    fn below(&mut self, n: u64) -> u64 {
        let x = u128::from(self.0.next_u64()) * u128::from(n);
        #[allow(clippy::cast_possible_truncation)]
        let r = (x >> 64) as u64;
        r
    }

    /// An index below `n`.
    fn pick(&mut self, n: usize) -> usize {
        usize::try_from(self.below(n as u64)).unwrap_or(0)
    }

    /// True with `per_mille` / 1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// A date in `[from, to]`.
    fn date(&mut self, from: NaiveDate, to: NaiveDate) -> NaiveDate {
        let span = u64::try_from((to - from).num_days()).unwrap_or(0);
        from + Days::new(self.below(span + 1))
    }

    /// A count with mean `mean_milli / 1000`: a sum of coin flips.
    fn count(&mut self, mean_milli: u64) -> usize {
        (0..4).filter(|_| self.chance(mean_milli / 4)).count()
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn enterprise(seed: u64, i: usize) -> (Enterprise, Vec<Fact>) {
    let mut r = Draw(crate::rng::SplitMix64::new(crate::rng::splitmix64(
        seed.wrapping_add((i as u64).wrapping_mul(0xD1B5_4A32_D192_ED03)),
    )));
    let id = format!("R{i:08}");
    let as_of = REGISTER_AS_OF;
    let registered_on = r.date(ymd(2010, 1, 1), ymd(2025, 12, 31));
    let e = Enterprise::new(&id, registered_on)
        .name(format!("Enterprise {i}"))
        .legal_person(!r.chance(80))
        .industry(["C2041", "H6210", "F5123", "I6513"][r.pick(4)])
        .region("440307")
        .district(format!("D{:02}", 1 + r.below(12)))
        .route(format!("R{}", 1 + r.below(6)));
    let mut facts = Vec::with_capacity(12);
    let mut k = 0u32;
    let mut next_id = || {
        k += 1;
        format!("{id}-F{k}")
    };
    // Annual reports.
    for year in registered_on.year().max(2013)..=2025 {
        let roll = r.below(1000);
        if roll < 10 {
            continue;
        }
        let date = if roll < 30 {
            r.date(ymd(year + 1, 7, 1), ymd(year + 1, 12, 31))
        } else {
            r.date(ymd(year + 1, 1, 1), ymd(year + 1, 6, 30))
        };
        if date <= as_of {
            facts.push(Fact::annual_report(next_id(), date, year));
        }
    }
    let from = registered_on;
    for _ in 0..r.count(1200) {
        facts.push(Fact::complaint(next_id(), r.date(from, as_of)));
    }
    for _ in 0..r.count(200) {
        facts.push(Fact::admonition(next_id(), r.date(from, as_of)));
    }
    for _ in 0..r.count(500) {
        let date = r.date(from, as_of);
        let level = HonourLevel::ALL[r.pick(4)];
        let honour = match r.below(4) {
            0 => Honour::ContractAbiding(level),
            1 => Honour::Trademark(level),
            2 => Honour::Other(level),
            _ => Honour::Advertising([AdGrade::A, AdGrade::B, AdGrade::C][r.pick(3)]),
        };
        let until = (!r.chance(300)).then(|| date + Days::new(365 * (2 + r.below(2))));
        facts.push(Fact::honour(next_id(), date, honour, until));
    }
    for _ in 0..r.count(400) {
        let date = r.date(from, as_of);
        let article = format!("A{:04}", 1 + r.below(1643));
        let pid = next_id();
        if r.chance(150) {
            let repair = date + Days::new(30 + r.below(500));
            if repair <= as_of {
                facts.push(Fact::repair(next_id(), repair, &pid));
            }
        }
        facts.push(Fact::penalty(pid, date, article));
    }
    if r.chance(100) {
        let breach = ["no_supervisory_board", "address_unreachable"][r.pick(2)];
        facts.push(Fact::breach(next_id(), r.date(from, as_of), breach));
    }
    if r.chance(50) {
        facts.push(Fact::key_person_flag(
            next_id(),
            r.date(from, as_of),
            format!("{id}-P1"),
        ));
    }
    let end = r.below(1000);
    if end < 3 {
        facts.push(Fact::revocation(next_id(), r.date(from, as_of)));
    } else if end < 13 {
        facts.push(Fact::deregistration(next_id(), r.date(from, as_of)));
    }
    facts.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    (e, facts)
}
