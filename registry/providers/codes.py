"""The providers' codes mapped onto one state and tax type (reference: ocr-and-status-apis.md, sections 1 and 2)."""

from registry.models import BusinessState, TaxType

# NHN `statusCode` (the tax office's own codes): state, tax type.
NHN_CODES: dict[str, tuple[str, str]] = {
    "00": (BusinessState.UNKNOWN, TaxType.NONE),  # not doing business
    "01": (BusinessState.ACTIVE, TaxType.GENERAL),
    "02": (BusinessState.ACTIVE, TaxType.SIMPLIFIED),
    "03": (BusinessState.ACTIVE, TaxType.EXEMPT),
    "04": (BusinessState.ACTIVE, TaxType.NON_PROFIT),
    "05": (BusinessState.SUSPENDED, TaxType.NONE),
    "06": (BusinessState.CLOSED, TaxType.NONE),
    "09": (BusinessState.UNKNOWN, TaxType.OTHER),
}

# NTS `b_stt_cd`.
NTS_STATES: dict[str, str] = {
    "01": BusinessState.ACTIVE,
    "02": BusinessState.SUSPENDED,
    "03": BusinessState.CLOSED,
}

# NTS `tax_type_cd`: 01 general, 02 simplified, 03 exempt, 04 non-profit / state body, 05 non-profit without
# profit-making business, 06 organisation with a unique number, 07 simplified taxpayer that issues tax invoices.
NTS_TAX_TYPES: dict[str, str] = {
    "01": TaxType.GENERAL,
    "02": TaxType.SIMPLIFIED,
    "03": TaxType.EXEMPT,
    "04": TaxType.NON_PROFIT,
    "05": TaxType.NON_PROFIT,
    "06": TaxType.NON_PROFIT,
    "07": TaxType.SIMPLIFIED,
}


def nhn_state(code: str) -> tuple[str, str]:
    return NHN_CODES.get(code, (BusinessState.UNKNOWN, TaxType.OTHER))


def nts_state(b_stt_cd: str, tax_type_cd: str) -> tuple[str, str]:
    state = NTS_STATES.get(b_stt_cd or "", BusinessState.UNKNOWN)
    tax_type = NTS_TAX_TYPES.get(tax_type_cd or "", TaxType.OTHER if tax_type_cd else TaxType.NONE)
    return state, tax_type
