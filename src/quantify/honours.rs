use rust_decimal::Decimal;

use super::record::{Record, Tag};
use super::{Ctx, Findings, Input, Method, Quantifier, ReasonCode};
use crate::model::Honour;

/// 分级量化 — tiered: honours active at the date (granted on or before it, and
/// before their expiry where set) give points; for each honour kind the best
/// active honour counts once.
#[derive(Clone, Copy, Debug, Default)]
pub struct Honours;

fn kind_index(h: Honour) -> usize {
    match h {
        Honour::ContractAbiding(_) => 0,
        Honour::Trademark(_) => 1,
        Honour::Advertising(_) => 2,
        Honour::Other(_) => 3,
    }
}

impl Quantifier for Honours {
    fn name(&self) -> &str {
        "honours"
    }

    fn quantify(&self, input: &Input<'_>, out: &mut Findings) {
        run(&input.ctx(&input.rows()), out);
    }
}

#[inline]
pub(crate) fn run<R: Record>(cx: &Ctx<'_, R>, out: &mut Findings) {
    if cx.count(Tag::Honour) == 0 {
        return;
    }
    let t = cx.as_of;
    let table = &cx.policy.refine.points;
    let mut best: [Option<(Decimal, usize)>; 4] = [None; 4];
    for i in 0..cx.n {
        if cx.rec.tag(i) != Tag::Honour {
            continue;
        }
        let Some((honour, until)) = cx.rec.honour(i) else {
            continue;
        };
        if until.is_some_and(|u| t >= u) {
            continue;
        }
        let p = table.get(honour);
        let slot = &mut best[kind_index(honour)];
        if slot.is_none_or(|(bp, _)| p > bp) {
            *slot = Some((p, i));
        }
    }
    for (p, i) in best.into_iter().flatten() {
        out.points(Method::Tiered, ReasonCode::HONOUR, "honours", p, &[i]);
    }
}
