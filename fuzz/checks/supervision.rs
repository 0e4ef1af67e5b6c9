//! `supervision`: warning ladders (预警) built from bytes, and the random draw
//! (双随机) with inspector assignment.
//!
//! Ladders: a valid ladder locates a step for any anchor and date without
//! panicking; the step's first day is on or before the date; the step index never
//! falls as the date advances. The draw: per tier it draws `ceil(ratio × n)`
//! distinct candidates of that tier, the same whatever the candidates' order;
//! assignments send the policy's number of distinct, non-excluded inspectors.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use creditgrade::Tier;
use creditgrade::rust_decimal::Decimal;
use creditgrade::supervise::{
    Action, Boundary, Colour, DrawCandidate, Ladder, Offset, SamplingPolicy, Step,
    assign_inspectors, draw,
};

use super::bytes::Bytes;

fn boundary(b: &mut Bytes<'_>) -> Boundary {
    let months = i32::from(b.u8() as i8) / 4;
    let days = i32::from(b.u8() as i8);
    let offset = Offset::new(months, days);
    if b.bool() {
        Boundary::through(offset)
    } else {
        Boundary::before(offset)
    }
}

fn ladder(b: &mut Bytes<'_>) {
    let quiet = boundary(b);
    let n = 1 + b.below(5);
    let colours = [
        Colour::Notice,
        Colour::Black,
        Colour::Green,
        Colour::Yellow,
        Colour::Red,
    ];
    let actions = [
        Action::Phone,
        Action::Visit,
        Action::DeadlineNotice,
        Action::RectificationNotice,
        Action::OpenCase,
    ];
    let steps: Vec<Step> = (0..n)
        .map(|i| {
            let until = (i + 1 < n || b.u8() % 8 == 0).then(|| boundary(b));
            Step::new(colours[b.below(5)], actions[b.below(5)], until)
        })
        .collect();
    let Ok(l) = Ladder::new(quiet, steps) else {
        return;
    };
    let base = NaiveDate::from_ymd_opt(1, 1, 1).expect("a date");
    let anchor = base
        .checked_add_days(Days::new(u64::from(b.u32()) % 3_652_059))
        .expect("in range");
    let _ = l.opens_on(anchor);
    let mut t = anchor
        .checked_sub_days(Days::new(u64::from(b.u8())))
        .unwrap_or(anchor);
    let mut last: Option<usize> = None;
    for _ in 0..12 {
        match l.locate(anchor, t) {
            Ok(Some((i, since))) => {
                assert!(since <= t, "step {i} starts on {since}, after {t}");
                assert!(
                    last.is_none_or(|j| j <= i),
                    "step {last:?} fell to {i} at {t}"
                );
                assert_eq!(
                    l.step_at(anchor, t).ok().flatten(),
                    l.steps().get(i).copied()
                );
                last = Some(i);
            }
            Ok(None) => assert!(last.is_none(), "quiet again at {t} after step {last:?}"),
            Err(_) => break,
        }
        let Some(next) = t.checked_add_days(Days::new(1 + u64::from(b.u8()) * 3)) else {
            break;
        };
        t = next;
    }
}

fn sampling(b: &mut Bytes<'_>) {
    let mut policy = SamplingPolicy::source().inspectors_per_enterprise(u32::from(b.u8() % 4));
    for tier in Tier::ALL {
        policy = policy.ratio_of(tier, Decimal::new(i64::from(b.u8()) - 10, 2));
    }
    let n = b.below(40);
    let inspectors: Vec<String> = (0..b.below(6)).map(|i| format!("I{i}")).collect();
    let candidates: Vec<DrawCandidate> = (0..n)
        .map(|i| {
            let mut c = DrawCandidate::new(format!("E{i}"), Tier::ALL[b.below(4)]);
            for _ in 0..b.below(3) {
                c = c.exclude(format!("I{}", b.below(6)));
            }
            c
        })
        .collect();
    let seed = b.u64();
    let Ok(d) = draw(&candidates, &policy, seed) else {
        return;
    };
    let mut reversed = candidates.clone();
    reversed.reverse();
    assert_eq!(draw(&reversed, &policy, seed).expect("the same input"), d);
    for class in &d.classes {
        let pool: BTreeSet<&str> = candidates
            .iter()
            .filter(|c| c.class == class.class)
            .map(|c| c.id.as_str())
            .collect();
        assert_eq!(class.population, pool.len());
        assert_eq!(class.count, policy.count(class.class, pool.len()));
        assert_eq!(class.selected.len(), class.count);
        let chosen: BTreeSet<&str> = class.selected.iter().map(String::as_str).collect();
        assert_eq!(chosen.len(), class.selected.len(), "drawn twice");
        assert!(chosen.is_subset(&pool));
    }
    if let Ok(assigned) = assign_inspectors(&d, &candidates, &inspectors, &policy) {
        assert_eq!(assigned.len(), d.ids().len());
        for a in &assigned {
            let c = candidates
                .iter()
                .find(|c| c.id == a.enterprise)
                .expect("a candidate");
            assert_eq!(a.inspectors.len(), policy.inspectors() as usize);
            let set: BTreeSet<&String> = a.inspectors.iter().collect();
            assert_eq!(set.len(), a.inspectors.len(), "an inspector sent twice");
            assert!(a.inspectors.iter().all(|i| !c.excluded.contains(i)));
        }
    }
}

pub fn check(data: &[u8]) {
    let mut b = Bytes::new(data);
    if b.bool() {
        ladder(&mut b);
    } else {
        sampling(&mut b);
    }
}
