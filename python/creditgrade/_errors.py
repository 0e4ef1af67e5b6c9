"""The exception types: one base class and one subclass per error kind.

The subclasses are made from the library's list of kinds
(``creditgrade._creditgrade.error_kinds()``), so a kind added to the library
gets its exception without a change here.
"""

from __future__ import annotations

from typing import Dict, Optional, Type

from . import _creditgrade


class CreditgradeError(Exception):
    """An error of the creditgrade library.

    ``kind`` names what went wrong (``"UnknownArticle"``, ``"InvalidPolicy"``,
    ...); ``enterprise``, ``fact``, ``field`` and ``subject`` name the place
    (each ``None`` when it does not apply); ``message`` says what is wrong
    without the place. ``str(error)`` is the library's full message.
    """

    kind: str = ""

    def __init__(
        self,
        display: str,
        message: Optional[str] = None,
        enterprise: Optional[str] = None,
        fact: Optional[str] = None,
        field: Optional[str] = None,
        subject: Optional[str] = None,
    ) -> None:
        super().__init__(display)
        self.message = display if message is None else message
        self.enterprise = enterprise
        self.fact = fact
        self.field = field
        self.subject = subject

    def __reduce__(self):
        return (
            type(self),
            (str(self), self.message, self.enterprise, self.fact, self.field, self.subject),
        )


#: The exception type of each kind, by kind name.
ERRORS: Dict[str, Type[CreditgradeError]] = {}

for _kind in _creditgrade.error_kinds():
    _name = _kind + "Error"
    _cls = type(
        _name,
        (CreditgradeError,),
        {
            "kind": _kind,
            "__doc__": f"The library's ``{_kind}`` error kind.",
            "__module__": "creditgrade",
        },
    )
    ERRORS[_kind] = _cls
    globals()[_name] = _cls


def _make(kind, display, message, enterprise, fact, field, subject):
    cls = ERRORS.get(kind, CreditgradeError)
    return cls(display, message, enterprise, fact, field, subject)
