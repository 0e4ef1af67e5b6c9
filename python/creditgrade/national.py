"""The national rules: when a penalty decision is public and for how long, the
list of abnormal operations (经营异常名录), the serious list (严重违法失信名单)
and the standing grading reads from them.

Dossiers, records and results are dicts in the library's serde shapes (see
``docs/national.md``): a dossier is ``{"enterprise": "E1", "decisions": [...],
"fulfilments": [...], "repairs": [...], "listings": {...}}``, a decision
``{"fact": "P1", "decided_on": "2025-11-30", "article": "art-7", "measures":
[{"kind": "fine", "amount": "2000"}], ...}``. A value of the wrong shape raises
``InvalidInputError`` naming its path; the rules' own errors
(``BeforeFirstVersionError``, ``UnknownDecisionError``,
``OutsideCalendarError``, ...) carry the enterprise and fact.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, List

from . import _creditgrade, _date

NationalRules = _creditgrade.NationalRules

__all__ = ["NationalRules", "publicity", "serious_state", "state", "standing", "abnormal_state"]


def publicity(dossier: Any, as_of: Any, rules: Any = None) -> List[Dict[str, Any]]:
    """The publicity of every decision of ``dossier`` decided on or before
    ``as_of``, on the publicity system and on 信用中国 (``rules`` defaults to
    :meth:`NationalRules.national_2026`)."""
    rules = rules or NationalRules.national_2026()
    return rules.publicity(dossier, _date(as_of, "as_of"))


def serious_state(dossier: Any, as_of: Any, rules: Any = None) -> Dict[str, Any]:
    """The serious list (严重违法失信名单) of ``dossier`` as of ``as_of``: every
    listing with its basis, scheduled end, exit and early-removal applications
    (``rules`` defaults to :meth:`NationalRules.national_2026`)."""
    rules = rules or NationalRules.national_2026()
    return rules.serious_state(dossier, _date(as_of, "as_of"))


def state(dossier: Any, as_of: Any, rules: Any = None) -> Dict[str, Any]:
    """Everything the national rules say of ``dossier`` as of ``as_of``: the
    publicity of each decision, the list of abnormal operations and the serious
    list."""
    rules = rules or NationalRules.national_2026()
    return rules.state(dossier, _date(as_of, "as_of"))


def standing(dossier: Any, as_of: Any, rules: Any = None) -> Dict[str, Any]:
    """The standing (信用状况) of ``dossier`` as of ``as_of``: every interval of a
    mark (``abnormal_list``, ``serious_list``, ``publicity_system``,
    ``credit_china``) that holds on the date or starts or ends after it."""
    rules = rules or NationalRules.national_2026()
    return rules.standing(dossier, _date(as_of, "as_of"))


def abnormal_state(record: Any, as_of: Any, derived: bool = False) -> Dict[str, Any]:
    """The state of one enterprise on the list of abnormal operations as of
    ``as_of``; ``derived=True`` adds the worklist of missing annual reports,
    with list-by dates under China's holiday tables."""
    return _creditgrade.abnormal_state(record, _date(as_of, "as_of"), bool(derived))


del _dt
