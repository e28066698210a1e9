"""Where a supervised employer's case stood at the end of the reported period (pure)."""
import datetime as dt

from reporting.sanctions.service import follow_up

END = dt.date(2026, 3, 31)


def test_the_state_at_the_period_end_not_the_newest_one():
    imposed, lifted = dt.date(2026, 3, 1), dt.date(2026, 5, 1)
    assert follow_up("lifted", imposed, lifted, None, END) == ("imposed", imposed)  # lifted after the quarter
    assert follow_up("lifted", imposed, dt.date(2026, 3, 20), None, END) == ("lifted", dt.date(2026, 3, 20))
    assert follow_up("resolved", None, None, dt.date(2026, 3, 2), END) == ("resolved", dt.date(2026, 3, 2))
    assert follow_up("imposed", dt.date(2026, 4, 2), None, None, END) == ("open", None)  # decided later
    assert follow_up("warned", None, None, None, END) == ("warned", None)
