"""approvals.yaml (shared.approvals.policy): every shipped regency, and what the model refuses."""
import pytest
from pydantic import ValidationError

from shared.approvals.policy import ACT_RULES, ApprovalPolicy, policy_for
from shared.regulation import regency_dirs

SHIPPED = ["5304", "6101", "6207", "6309", "6405"]


@pytest.mark.parametrize("regency", SHIPPED)
def test_every_shipped_regency_controls_every_act_with_the_office_head_approving(regency):
    policy = policy_for(regency)
    assert set(policy.acts) == ACT_RULES
    assert policy.source.strip()
    for name, rule in policy.acts.items():
        assert rule.citation, name
        assert "kepala_dinas" in rule.levels[-1].roles, name  # the head decides last
        assert "petugas" not in rule.all_roles, name  # the officer proposes, never approves


def test_every_regency_folder_has_the_file():
    assert sorted(regency_dirs()) == SHIPPED
    assert all((folder / "approvals.yaml").exists() for folder in regency_dirs().values())


def test_tabalong_decrees_pass_the_verification_team_first():
    rule = policy_for("6309").rule_for("decree.issue")
    assert [level.roles for level in rule.levels] == [["verifikator"], ["kepala_dinas"]]
    assert rule.citation == "Pasal 21(7)"


def test_an_unknown_act_is_refused_so_a_typo_never_leaves_an_act_uncontrolled():
    with pytest.raises(ValidationError, match="unknown acts"):
        ApprovalPolicy.model_validate({"acts": {"sanction.imposed": {"levels": [["kepala_dinas"]]}}})


@pytest.mark.parametrize("levels", [[], [[]], [{"roles": []}]])
def test_a_level_needs_a_role(levels):
    with pytest.raises(ValidationError):
        ApprovalPolicy.model_validate({"acts": {"aid.end": {"levels": levels}}})


def test_a_regency_without_the_file_controls_nothing():
    assert ApprovalPolicy.model_validate({}).rule_for("sanction.impose") is None


@pytest.mark.parametrize("regency", SHIPPED)
def test_every_approving_role_is_in_the_role_catalogue(regency):
    import yaml

    from shared.regulation import PROFILES_DIR
    catalogue = set(yaml.safe_load((PROFILES_DIR / "roles.yaml").read_text(encoding="utf-8"))["roles"])
    for name, rule in policy_for(regency).acts.items():
        assert rule.all_roles <= catalogue, name
