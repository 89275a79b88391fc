"""The Korean catalogue: a Korean browser sees Korean, an English one English, the footer switcher changes it,
and the compiled locale/ko/LC_MESSAGES/django.mo is the .po as it stands (complete, nothing fuzzy).

Pages are fetched over real HTTP from the live server, the way a browser asks for them (Accept-Language)."""

import ast
import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth import get_user_model

BASE_DIR = Path(settings.BASE_DIR)
PO = BASE_DIR / "locale" / "ko" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PASSWORD = "a-long-test-password-1"
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# What scripts/update_translations.sh leaves out of makemessages (besides dot folders): no user reads these.
NOT_SCANNED = {"staticfiles", "var", "media", "tests", "bench", "standins", "db.sqlite3"}


# --- a small .po reader (no gettext tools needed at test time) --------------------------------------------------


def read_po(path: Path) -> list[dict]:
    """Entries of a gettext-written .po file (entries separated by blank lines), obsolete ones left out.

    Each entry: msgid, optional msgctxt and msgid_plural, msgstr (a list: one string, or one per plural form),
    fuzzy."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        entry: dict = {"fuzzy": False}
        key = None
        for line in block.strip().splitlines():
            if line.startswith("#~"):
                entry = {}
                break
            if line.startswith("#,"):
                entry["fuzzy"] = "fuzzy" in line
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line):
                key = match.group(1)
                entry[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key is not None:
                entry[key] += ast.literal_eval(line)
        if "msgid" in entry:
            entry["msgstr"] = [entry[k] for k in sorted(k for k in entry if k.startswith("msgstr"))]
            entries.append(entry)
    return entries


def catalogue_entries(path: Path) -> list[dict]:
    """The translatable entries (not the header)."""
    return [e for e in read_po(path) if e["msgid"]]


# --- pages over HTTP --------------------------------------------------------------------------------------------


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user(username="hana", password=PASSWORD)


def logged_in_session(base_url: str, *, language: str) -> requests.Session:
    """A browser-like session that logs in through the login form."""
    session = requests.Session()
    session.headers["Accept-Language"] = language
    page = session.get(f"{base_url}/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    answer = session.post(
        f"{base_url}/login/",
        data={"csrfmiddlewaretoken": token, "username": "hana", "password": PASSWORD, "next": "/upload/"},
        headers={"Referer": f"{base_url}/login/"},
        timeout=10,
    )
    assert answer.url.endswith("/upload/"), "login did not go through"
    return session


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.django_db(transaction=True)
def test_korean_browser_sees_the_login_page_in_korean(live_server):
    page = requests.get(f"{live_server.url}/login/", headers={"Accept-Language": "ko-KR,ko;q=0.9"}, timeout=10)
    assert page.status_code == 200
    assert '<html lang="ko">' in page.text
    text = visible_text(page.text)
    staff_only = "업로드된 사업자등록증과 카드 서류를 조회하는 직원 전용 시스템입니다."
    for korean in ("로그인", "아이디", "비밀번호", staff_only):
        assert korean in text
    for english in ("Log in", "Username", "Password", "Staff access"):
        assert english not in text


@pytest.mark.django_db(transaction=True)
def test_english_browser_sees_the_login_page_in_english(live_server):
    page = requests.get(f"{live_server.url}/login/", headers={"Accept-Language": "en-US,en;q=0.9"}, timeout=10)
    assert '<html lang="en">' in page.text
    text = visible_text(page.text)
    assert "Log in" in text and "Username" in text and "Password" in text
    # Only the language switcher's own name for Korean is in Hangul.
    assert HANGUL.findall(text.replace("한국어", "")) == []


@pytest.mark.django_db(transaction=True)
def test_upload_page_follows_the_browser_language(live_server, staff_user):
    korean = visible_text(logged_in_session(live_server.url, language="ko").get(f"{live_server.url}/upload/").text)
    for phrase in ("서류 업로드", "사업자등록증", "신용카드", "여기에 파일을 끌어다 놓으세요", "서류 종류", "로그아웃"):
        assert phrase in korean
    assert "Drop files here" not in korean and "Credit card" not in korean

    english = visible_text(logged_in_session(live_server.url, language="en").get(f"{live_server.url}/upload/").text)
    for phrase in ("Upload documents", "Business registration certificate", "Credit card", "Drop files here"):
        assert phrase in english
    assert "여기에 파일을" not in english


@pytest.mark.django_db(transaction=True)
def test_footer_switcher_changes_the_language_for_later_pages(live_server, staff_user):
    session = logged_in_session(live_server.url, language="ko")
    upload_page = session.get(f"{live_server.url}/upload/").text
    assert 'id="language-switch"' in upload_page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', upload_page).group(1)

    switched = session.post(
        f"{live_server.url}/i18n/setlang/",
        data={"csrfmiddlewaretoken": token, "language": "en", "next": "/upload/"},
        headers={"Referer": f"{live_server.url}/upload/"},
        timeout=10,
    )
    assert switched.url.endswith("/upload/")
    assert "Drop files here" in visible_text(switched.text)  # the browser still asks for Korean; the choice wins
    assert "Drop files here" in visible_text(session.get(f"{live_server.url}/upload/").text)


# --- the catalogue ----------------------------------------------------------------------------------------------


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = catalogue_entries(PO)
    assert len(entries) > 300
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if e.get("fuzzy")]
    assert untranslated == [], "translate these in locale/ko/LC_MESSAGES/django.po"
    assert fuzzy == [], "review these fuzzy entries in locale/ko/LC_MESSAGES/django.po"
    header = read_po(PO)[0]
    assert "Plural-Forms: nplurals=1; plural=0;" in header["msgstr"][0]


def test_placeholders_survive_translation():
    placeholder = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")
    wrong = [
        (e["msgid"], e["msgstr"][0])
        for e in catalogue_entries(PO)
        if sorted(placeholder.findall(e["msgid"])) != sorted(placeholder.findall(e["msgstr"][0]))
    ]
    assert wrong == []


def test_compiled_catalogue_matches_the_po():
    """django.mo is committed so no machine needs gettext at run time; it must be compiled from this .po."""
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = catalogue_entries(PO)
    stale = []
    for e in entries:
        if "msgid_plural" in e:
            got = (
                compiled.npgettext(e["msgctxt"], e["msgid"], e["msgid_plural"], 1)
                if "msgctxt" in e
                else (compiled.ngettext(e["msgid"], e["msgid_plural"], 1))
            )
        else:
            got = compiled.pgettext(e["msgctxt"], e["msgid"]) if "msgctxt" in e else compiled.gettext(e["msgid"])
        if got != e["msgstr"][0]:
            stale.append(e["msgid"])
    assert stale == [], "run scripts/update_translations.sh to recompile django.mo"
    # msgfmt also stores the header under the empty msgid: the .mo holds exactly the .po's entries.
    assert len(compiled._catalog) == len(entries) + 1


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (Debian package gettext)")
def test_every_string_in_the_code_is_in_the_catalogue(tmp_path):
    """makemessages over a copy of the sources: a new gettext string without a Korean translation fails here."""
    for source in BASE_DIR.iterdir():
        if source.name in NOT_SCANNED or source.name.startswith("."):
            continue
        if source.is_dir():
            shutil.copytree(source, tmp_path / source.name, ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3*"))
        elif source.suffix in (".py", ".html", ".txt"):
            shutil.copy(source, tmp_path / source.name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ko", "--no-obsolete", "--verbosity", "0"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        timeout=120,
    )
    fresh = catalogue_entries(tmp_path / "locale" / "ko" / "LC_MESSAGES" / "django.po")
    missing = sorted({e["msgid"] for e in fresh if not all(e["msgstr"]) or e.get("fuzzy")})
    assert missing == [], "run scripts/update_translations.sh and translate these entries"
