"""File imports: one spec per kind, sharing the reading, checking and writing machinery."""

from campaign.importing.complaints import ComplaintsImport
from campaign.importing.offices import OfficesImport
from campaign.importing.runner import ImportSpec
from campaign.importing.shifts import ShiftsImport
from campaign.importing.sites import SitesImport, TalliesImport
from campaign.importing.targets import ProgressImport, TargetsImport

SPECS: dict[str, type[ImportSpec]] = {
    "offices": OfficesImport,
    "complaints": ComplaintsImport,
    "shifts": ShiftsImport,
    "sites": SitesImport,
    "tallies": TalliesImport,
    "targets": TargetsImport,
    "progress": ProgressImport,
}
