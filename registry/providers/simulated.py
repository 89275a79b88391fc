"""A provider that calls nobody: deterministic answers for the demo and the tests, labelled as simulated everywhere.

An admin marks a number suspended or closed (or its certificate as not matching the office's records) with a
`SimulatedStatus` row, in the Django admin or with the form on the business page, to try the whole path.
Otherwise: a number whose check digit fails is unknown to the office; `220-87-17483` is closed; every other
number is active, its tax type from the sum of its digits (2: simplified, 3: exempt, else general).
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from documents.validation import registration_number_is_valid
from registry.models import BusinessState, SimulatedStatus, TaxType

from . import ratelimit
from .base import Authenticity, CheckResult, Claim, StatusAnswer
from .codes import NTS_STATES

CLOSED_DEMO_NUMBERS = frozenset({"2208717483"})
CODES = {state: code for code, state in NTS_STATES.items()}  # answers carry NTS's b_stt_cd; unknown: ""
MESSAGES = {
    BusinessState.ACTIVE: "계속사업자",
    BusinessState.SUSPENDED: "휴업자",
    BusinessState.CLOSED: "폐업자",
    BusinessState.UNKNOWN: "국세청에 등록되지 않은 사업자등록번호입니다.",
}


def default_state(number: str) -> tuple[str, str]:
    if not registration_number_is_valid(number):
        return BusinessState.UNKNOWN, TaxType.NONE
    if number in CLOSED_DEMO_NUMBERS:
        return BusinessState.CLOSED, TaxType.NONE
    return BusinessState.ACTIVE, {2: TaxType.SIMPLIFIED, 3: TaxType.EXEMPT}.get(
        sum(int(d) for d in number) % 10, TaxType.GENERAL
    )


class SimulatedStatusProvider:
    name = "simulated"
    batch_size = 100
    supports_authenticity = True
    verifies_readings = False

    def __init__(self) -> None:
        self.calls = 0

    def check(self, *, numbers: Sequence[str]) -> CheckResult:
        result = CheckResult()
        for start in range(0, len(numbers), self.batch_size):
            chunk = list(numbers[start : start + self.batch_size])
            ratelimit.acquire(provider=self.name)
            self.calls += 1
            overrides = dict(SimulatedStatus.objects.filter(number__in=chunk).values_list("number", "state"))
            for number in chunk:
                state, tax_type = default_state(number)
                if number in overrides:
                    state = overrides[number]
                    tax_type = tax_type if state == BusinessState.ACTIVE else TaxType.NONE
                code = CODES.get(state, "")
                result.answers[number] = StatusAnswer(
                    number=number, state=state, tax_type=tax_type, code=code, message=MESSAGES.get(state, ""),
                    raw={"b_no": number, "b_stt_cd": code, "simulated": True},
                )
        return result

    def validate(self, *, claims: Sequence[Claim]) -> dict[Claim, Authenticity]:
        self.calls += 1
        forged = set(
            SimulatedStatus.objects.filter(number__in=[c.number for c in claims], authentic=False).values_list(
                "number", flat=True
            )
        )
        return {
            c: Authenticity(
                number=c.number, matches=c.number not in forged, code="02" if c.number in forged else "01",
                message=_("Does not match the tax office's records (simulated).") if c.number in forged else "",
                raw={"b_no": c.number, "simulated": True},
            )
            for c in claims
        }
