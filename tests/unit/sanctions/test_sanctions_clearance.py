"""Clearance answers for OSS/PTSP (docs/API.md §9) and their executing agencies."""
from __future__ import annotations

import datetime as dt

import pytest
from sanctions_builders import evidence, impose, lamandau_imposed, new_case

from sanctions.domain import ActiveSanction, active_sanction, clearance

APRIL = dt.date(2025, 4, 1)


def tabalong_sanction(profiles, services=("business_license", "foreign_worker_permit")):
    p = profiles["tabalong"]
    case = impose(new_case(p, on=dt.date(2025, 3, 3), source="bpjs_request").case, p, dt.date(2025, 3, 3),
                  services, decree="188.45/21/2025").case
    return p, active_sanction(case)


class TestRouting:
    @pytest.mark.parametrize("regency", ["tabalong", "lamandau"])
    def test_business_licence_and_foreign_worker_permit_go_to_different_agencies(self, profiles, regency):
        p = profiles[regency]
        business = clearance([], "business_license", p, APRIL).executing_agency
        foreign = clearance([], "foreign_worker_permit", p, APRIL).executing_agency
        assert (business.id, business.short_name) == ("dpmptsp", "DPMPTSP")
        assert (foreign.id, foreign.short_name) == ("disnaker", "Disnaker")

    def test_tabalong_labour_provider_permit_is_the_manpower_office(self, profiles):
        answer = clearance([], "labor_provider_permit", profiles["tabalong"], APRIL)
        assert answer.executing_agency.id == "disnaker"
        assert "Perbup Tabalong No. 5/2025 Pasal 28 ayat (7) huruf b" in answer.citations


class TestAnswers:
    def test_no_sanction_allows(self, profiles):
        answer = clearance([], "business_license", profiles["tabalong"], APRIL)
        assert answer.allowed is True and answer.active_sanctions == ()

    def test_denied_service_names_decree_article_and_agency(self, profiles):
        p, sanction = tabalong_sanction(profiles)
        answer = clearance([sanction], "business_license", p, APRIL)
        assert answer.allowed is False
        (reason,) = answer.reasons
        assert "188.45/21/2025" in reason and "Perbup Tabalong No. 5/2025 Pasal 28 ayat (6) huruf a" in reason
        assert "DPMPTSP" in reason
        assert answer.to_dict()["active_sanctions"][0]["services"] == ["business_license", "foreign_worker_permit"]

    def test_service_not_in_the_sanction_is_allowed(self, profiles):
        p, sanction = tabalong_sanction(profiles)
        answer = clearance([sanction], "building_approval", p, APRIL)
        assert answer.allowed is True and answer.active_sanctions == (sanction,)

    def test_service_the_regency_does_not_deny(self, profiles):
        p, sanction = tabalong_sanction(profiles)
        answer = clearance([sanction], "construction_company_permit", p, APRIL)
        assert answer.allowed is True and answer.executing_agency is None
        assert "tidak termasuk" in answer.reasons[0]

    @pytest.mark.parametrize("year, allowed", [(1, True), (2, False), (3, False), (None, False)])
    def test_tabalong_foreign_worker_permit_from_the_second_year(self, profiles, year, allowed):
        p, sanction = tabalong_sanction(profiles)
        assert clearance([sanction], "foreign_worker_permit", p, APRIL, permit_year=year).allowed is allowed

    def test_lamandau_foreign_worker_permit_denied_whatever_the_year(self, profiles):
        p = profiles["lamandau"]
        sanction = active_sanction(lamandau_imposed(p))
        assert clearance([sanction], "foreign_worker_permit", p, APRIL, permit_year=1).allowed is False

    def test_lifted_sanction_no_longer_blocks(self, profiles):
        p = profiles["lamandau"]
        case = lamandau_imposed(p)
        case = evidence(case, p, "fine_paid", dt.date(2025, 3, 10)).case
        case = evidence(case, p, "registered", dt.date(2025, 3, 11)).case
        assert active_sanction(case) is None

    def test_other_regencys_sanction_is_ignored(self, profiles):
        _, sanction = tabalong_sanction(profiles)
        assert clearance([sanction], "business_license", profiles["lamandau"], APRIL).allowed is True

    def test_unknown_service(self, profiles):
        with pytest.raises(ValueError):
            clearance([], "fishing_licence", profiles["lamandau"], APRIL)

    def test_active_sanction_round_trips(self, profiles):
        _, sanction = tabalong_sanction(profiles)
        assert ActiveSanction.from_dict(sanction.to_dict()) == sanction
