"""POST /v1/evaluations accepts exactly the docs/API.md §5 applicant facts, and so does a batch upload."""
from eligibility.batch.reading import ACCEPTED
from eligibility.evaluations.schemas import Applicant
from eligibility.rules.facts import CONTRACT_FACTS

CONTRACT_5 = ("nik birth_date sex domicile_regency_code has_ktp has_e_ktp worker_type occupation monthly_income "
              "vulnerable_independent_worker already_protected actively_working healthy seriously_ill_or_in_er "
              "deceased religion religious_role religious_org_proposal village_acknowledged palm_oil_worker "
              "vulnerable_worker data_source").split()


def test_the_contract_facts_and_nothing_else():
    assert list(CONTRACT_FACTS) == CONTRACT_5
    assert list(Applicant.model_fields) == CONTRACT_5
    assert set(ACCEPTED) == {*CONTRACT_5, "ref"}
