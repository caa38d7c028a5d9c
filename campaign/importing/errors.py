"""What an import reports when it refuses a file: the file, each bad row, column and reason."""

from __future__ import annotations

from dataclasses import dataclass

from campaign.strings import t


class FieldError(ValueError):
    """A cell's value is invalid; `key` and `values` name the reason in the catalogue."""

    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.key = key
        self.values = values

    @property
    def reason(self) -> str:
        return t(self.key, **self.values)


class RowError(FieldError):
    """A row is invalid because of `column` (a column key of the import's spec)."""

    def __init__(self, column: str, key: str, **values: object):
        super().__init__(key, **values)
        self.column = column


class ImportFileError(FieldError):
    """The file as a whole cannot be read or lacks columns."""


@dataclass(frozen=True)
class BadRow:
    row: int
    column: str
    reason: str

    def message(self, file: str) -> str:
        return t("import.row_error", file=file, row=self.row, column=self.column, reason=self.reason)


class ImportRejected(Exception):
    """Nothing was written. `problems` lists every bad row; `file_reason` a whole-file problem."""

    def __init__(self, file: str, problems: list[BadRow] | None = None, file_reason: str = ""):
        self.file = file
        self.problems = problems or []
        self.file_reason = file_reason
        super().__init__(self.summary())

    def summary(self) -> str:
        if self.file_reason:
            return t("import.file_error", file=self.file, reason=self.file_reason)
        rows = len({p.row for p in self.problems})
        return t("import.rejected", file=self.file, count=rows)

    def lines(self, most: int = 200) -> list[str]:
        """The summary and the first `most` problems, then how many more: a file of a million bad
        rows prints a screenful, not a million lines."""
        shown = [p.message(self.file) for p in self.problems[:most]]
        more = len(self.problems) - len(shown)
        return [self.summary(), *shown, *([t("import.more_problems", count=more)] if more > 0 else [])]
