"""The campaign's closed vocabularies: codes stored in the database, labels from the catalogue."""

from __future__ import annotations

from functools import lru_cache

from campaign.strings import label, language

LEVELS = ("city", "district", "station")
KINDS = ("complaint", "report", "consultation")
CHANNELS = ("hotline", "platform", "onsite", "visit", "gala", "media", "other")
STATUSES = ("pending", "accepted", "handling", "closed", "rejected")
OPEN_STATUSES = ("pending", "accepted", "handling")
OUTCOMES = ("mediated", "failed", "filed", "withdrawn", "other")
ROLES = ("leader", "duty", "emergency")
# Who signs in: 领导 (city-wide), 所长 and 工作人员 (their office and below), 大屏, 管理员.
ACCOUNT_ROLES = ("leader", "head", "staff", "wall", "admin")

# Kinds that carry a legal time limit and count towards closure rates.
CASE_KINDS = ("complaint", "report")

VOCABULARIES: dict[str, tuple[str, ...]] = {
    "level": LEVELS,
    "kind": KINDS,
    "channel": CHANNELS,
    "status": STATUSES,
    "outcome": OUTCOMES,
    "role": ROLES,
    "account_role": ACCOUNT_ROLES,
}


def code_for(group: str, text: str) -> str | None:
    """The code named by `text`, given as its Chinese label or as the code itself."""
    wanted = text.strip()
    names = _names(group, language())
    return names.get(wanted) or names.get(wanted.lower())


@lru_cache(maxsize=64)
def _names(group: str, lang: str) -> dict[str, str]:
    """Label -> code and code -> code, for one group in one language (an import asks per cell)."""
    return {
        **{label(group, code): code for code in VOCABULARIES[group]},
        **{c: c for c in VOCABULARIES[group]},
    }


def labels(group: str) -> list[str]:
    return [label(group, code) for code in VOCABULARIES[group]]
