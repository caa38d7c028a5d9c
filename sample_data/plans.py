"""Demo plan targets for every grassroots office and the progress reports they file."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from campaign.campaigns import CampaignInfo

PROGRESS_METRICS = ("inspections", "quality_checks", "trainings", "warnings", "stations")


def targets_for(rng: random.Random, office_id: int, campaign: CampaignInfo) -> list[dict]:
    first, last = campaign.first_day, campaign.last_day
    report_day = first.replace(day=20)

    def target(metric: str, value: float, due=last) -> dict:
        return {
            "office_id": office_id,
            "metric": metric,
            "target": value,
            "start_date": first,
            "due_date": due,
        }

    plan = [
        target("events", rng.choice((2, 2, 3))),
        target("materials", rng.randrange(1500, 5000, 100)),
        target("consultations", rng.randrange(40, 200, 10)),
        target("complaints_closed", rng.randrange(700, 1300, 50)),
        # Closure of the cases received in the first ten days, judged at the month's end.
        {**target("closure_rate", rng.choice((70.0, 75.0, 80.0))), "due_date": first.replace(day=10)},
        target("recovered", rng.randrange(100_000, 400_000, 10_000)),
        target("inspections", rng.randrange(20, 60, 5)),
        target("quality_checks", 4),
        target("trainings", rng.choice((1, 2)), report_day),
        target("warnings", 1, report_day),
    ]
    if rng.random() < 0.3:
        plan.append(target("stations", 1, report_day))
    return plan


def progress_reports(
    rng: random.Random, targets: list[dict], campaign: CampaignInfo, today: datetime
) -> list[dict]:
    """Running totals reported every few evenings; each office keeps its own pace."""
    rows = []
    for t in targets:
        if t["metric"] not in PROGRESS_METRICS:
            continue
        pace = rng.uniform(0.55, 1.35)
        span = (t["due_date"] - t["start_date"]).days + 1
        day = t["start_date"] + timedelta(days=rng.randint(1, 3))
        last_value = -1.0
        while day <= min(t["due_date"], today.date()):
            moment = datetime.combine(day, time(17, 30))
            if moment > today:
                break
            elapsed = (day - t["start_date"]).days + 1
            value = float(min(t["target"] * 1.2, round(t["target"] * pace * elapsed / span)))
            if value != last_value:
                rows.append(
                    {
                        "office_id": t["office_id"],
                        "metric": t["metric"],
                        "value": value,
                        "reported_at": moment,
                    }
                )
                last_value = value
            day += timedelta(days=rng.randint(2, 4))
    return rows
