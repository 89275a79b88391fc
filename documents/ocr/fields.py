"""From what an engine printed to canonical fields: key mapping and value normalisation, shared by every engine."""

import re
import unicodedata

# Korean item names as printed on the certificate (spaces removed) -> canonical name (DESIGN.md).
CERTIFICATE_KEYS = {
    "구분": "tax_type",
    "등록번호": "registration_number",
    "사업자등록번호": "registration_number",
    "상호": "company_name",
    "법인명": "company_name",
    "법인명(단체명)": "company_name",
    "단체명": "company_name",
    "상호(법인명)": "company_name",
    "성명": "representative",
    "대표자": "representative",
    "성명(대표자)": "representative",
    "생년월일": "birth_date",
    "법인등록번호": "corporate_number",
    "개업연월일": "opening_date",
    "개업일": "opening_date",
    "사업장소재지": "business_address",
    "사업장주소": "business_address",
    "본점소재지": "head_office_address",
    "업태": "business_type",
    "종목": "business_item",
    "발급일": "issue_date",
    "발급일자": "issue_date",
    "세무서": "tax_office",
    "세무서명": "tax_office",
    "발급기관": "tax_office",
}

DATE_FIELDS = {"birth_date", "opening_date", "issue_date"}

_DATE = re.compile(r"(\d{4})\s*(?:년|[.\-/])\s*(\d{1,2})\s*(?:월|[.\-/])\s*(\d{1,2})\s*일?")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def canonical_name(raw_key: str) -> str | None:
    """`상 호` -> `company_name`; None for a key we do not recognise (the caller keeps it as it is)."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFC", raw_key or ""))
    key = key.rstrip(":：")
    return CERTIFICATE_KEYS.get(key)


def clean_text(text: str) -> str:
    """Stray and repeated spaces out, Unicode composed: `" 간이과세자"` -> `"간이과세자"`."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def normalise_date(text: str) -> str:
    """`2015 년 03 월 02 일`, `2015.03.02`, `20150302` -> `2015-03-02`; anything else is returned cleaned."""
    cleaned = clean_text(text)
    match = _DATE.search(cleaned) or _COMPACT_DATE.match(cleaned.replace(" ", ""))
    if not match:
        return cleaned
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def digits_only(text: str) -> str:
    return re.sub(r"\D", "", text or "")


def normalise_registration_number(text: str) -> str:
    """`123-45-67890` -> `1234567890`. A reading without exactly 10 digits is kept cleaned, for a person to judge."""
    digits = digits_only(text)
    return digits if len(digits) == 10 else clean_text(text)


def normalise_corporate_number(text: str) -> str:
    digits = digits_only(text)
    return digits if len(digits) == 13 else clean_text(text)


def normalise_valid_thru(text: str) -> str:
    match = re.search(r"(\d{1,2})\s*/\s*(\d{2,4})", clean_text(text))
    if not match:
        return clean_text(text)
    month, year = int(match.group(1)), match.group(2)[-2:]
    return f"{month:02d}/{year}"


def normalise_tax_type(text: str) -> str:
    return clean_text(text).strip("()[]（） ")


def normalise(name: str, text: str) -> str:
    """The normalised value of a canonical field."""
    if name in DATE_FIELDS:
        return normalise_date(text)
    if name == "registration_number":
        return normalise_registration_number(text)
    if name == "corporate_number":
        return normalise_corporate_number(text)
    if name == "card_number":
        return digits_only(text)
    if name == "valid_thru":
        return normalise_valid_thru(text)
    if name == "tax_type":
        return normalise_tax_type(text)
    return clean_text(text)
