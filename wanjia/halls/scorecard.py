"""Five-in-place scorecard sources for 窗口服务优质到位.

- `counter_service` (柜台服务到位): the mean of the customers' satisfaction with counter visits in the period
  and the share of counter clerks holding a valid pass on every skill item at its end (either alone when the
  other has no data).
- `hall_facilities` (布点设施到位): share of the facilities checklist in place across the unit's halls (latest
  check by the period's end).
- `counter_skills`: the clerks' share alone (for goals and the report's before/during comparison)."""
from wanjia.halls.selectors import facilities_rate, satisfaction_rate, skills_rate


def counter_skills(unit, start, end):
    return skills_rate(unit=unit, end=end)


def counter_service(unit, start, end):
    rates = [r for r in (satisfaction_rate(unit=unit, start=start, end=end), skills_rate(unit=unit, end=end))
             if r is not None]
    return sum(rates) / len(rates) if rates else None


def hall_facilities(unit, start, end):
    return facilities_rate(unit=unit, end=end)


SOURCES = {"counter_service": counter_service, "counter_skills": counter_skills, "hall_facilities": hall_facilities}
