"""Masking of consumers' personal data for viewers who do not need it."""

from __future__ import annotations


def mask_name(name: str | None) -> str | None:
    """张三 -> 张*, 欧阳娜娜 -> 欧***: the surname's first character stays."""
    if not isinstance(name, str) or not name.strip():
        return None
    name = name.strip()
    return name[0] + "*" * max(1, len(name) - 1)


def mask_phone(phone: str | None) -> str | None:
    """13812345678 -> 138****5678; shorter numbers keep only their last four digits."""
    if not isinstance(phone, str) or not phone.strip():
        return None
    digits = phone.strip()
    if len(digits) >= 11:
        return digits[:3] + "****" + digits[-4:]
    if len(digits) > 4:
        return "*" * (len(digits) - 4) + digits[-4:]
    return "*" * len(digits)
