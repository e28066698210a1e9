"""schemathesis found `"migrant": 0` accepted as false: the schema says boolean, so only true/false pass."""
import pytest
from pydantic import ValidationError

from eligibility.guidance.schemas import RequiredProgramsIn


@pytest.mark.parametrize("value", [0, 1, "yes", "true"])
def test_migrant_takes_only_a_json_boolean(value):
    with pytest.raises(ValidationError):
        RequiredProgramsIn.model_validate_json(f'{{"regency_code": "6207", "migrant": {value!r}}}'.replace("'", '"'))


def test_migrant_boolean_accepted():
    assert RequiredProgramsIn.model_validate_json('{"regency_code": "6207", "migrant": true}').migrant is True
