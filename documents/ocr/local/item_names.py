"""The business items (종목) certificates print most, for a reading with a syllable misread or lost.

Hometax prints an item as the name of its class in the Korean Standard Industrial Classification (`커피전문점`,
`비주거용 건물 임대업`, `응용 소프트웨어 개발 및 공급업`) or as one of the short trade words tax offices have long
used (`한식`, `컴퓨터 학원`). Tesseract reads such a name with a syllable swapped for a look-alike (`거피전문점`,
`지과의원`, `의국어학원`, `신내건축공사업`, `비주거용 건몰 임대업`) or one lost (`외어학원`). A reading a syllable
off (two in a long name) from exactly one name, with no other name as near, is that name, spaced as it was read where
only syllables were swapped. The spacing is the print's (a tax office may print `치킨전문점` as well as the
classification's `치킨 전문점`): a reading that is a name but for its spaces stays as read. A short reading (three
syllables or fewer) is left alone: `의원` and `한의원`, `도배업` and `도매업` are all trades.

The list is the classification's names of the trades small businesses register most, with the siblings of each
(`한식`, `중식`, `일식`, `서양식` 음식점업 all, so a sibling that is read right is never pulled to its neighbour).
"""

from __future__ import annotations

import functools
import re

from . import near_names
from .tesseract import levenshtein

ITEMS = (
    # retail and wholesale (도매 및 소매업)
    "전자상거래 소매업", "전자상거래 소매 중개업", "통신판매업", "기타 통신 판매업", "전자상거래업", "편의점",
    "체인화 편의점", "슈퍼마켓", "정육점", "안경 소매업", "의류 소매업", "남자용 겉옷 소매업", "여자용 겉옷 소매업",
    "신발 소매업", "가방 및 기타 가죽제품 소매업", "화장품 도매업", "화장품 소매업", "화장품, 비누 및 방향제 소매업",
    "식품 도매업", "건축자재 도매업", "기타 생활용품 도매업", "기타 생활용품 소매업", "컴퓨터 및 주변장치 소매업",
    "컴퓨터 및 주변장치, 소프트웨어 도매업", "가전제품 소매업", "가전제품 도매업", "가구 소매업", "가구 도매업",
    "서적, 신문 및 잡지류 소매업", "문구용품 소매업", "문구용품 도매업", "운동 및 경기용품 소매업", "자전거 소매업",
    "자동차 신품 판매업", "중고 자동차 판매업", "자동차 부품 및 내장품 판매업", "의약품 도매업",
    "의약품 및 의료용품 소매업", "의료기기 도매업", "의료용품 소매업", "화초 및 식물 소매업",
    "애완용 동물 및 관련용품 소매업", "철물 및 난방용구 소매업", "과실 및 채소 소매업", "수산물 소매업",
    "건강보조식품 소매업", "빵 및 과자류 소매업", "주유소 운영업", "농산물 도매업", "수산물 도매업",
    "음료 도매업", "주류 도매업", "의류 도매업", "신발 도매업", "전자부품 도매업", "산업용 기계 및 장비 도매업",
    "상품 중개업", "무점포 소매업", "방문 판매업", "화장품 및 화장용품 도매업", "기타 상품 전문 소매업",
    "건강기능식품", "전자제품", "주방용품", "생활용품", "식자재", "전자상거래",
    # lodging and food (숙박 및 음식점업)
    "커피전문점", "한식 일반 음식점업", "한식 음식점업", "중식 음식점업", "일식 음식점업", "서양식 음식점업",
    "기타 외국식 음식점업", "한식 면 요리 전문점", "한식 육류 요리 전문점", "한식 해산물 요리 전문점",
    "제과점업", "피자, 햄버거 및 유사 음식점업", "피자, 햄버거, 샌드위치 및 유사 음식점업", "치킨 전문점",
    "분식 및 김밥 전문점", "김밥 및 기타 간이 음식점업", "기타 비알코올 음료점업", "일반 유흥 주점업",
    "생맥주 전문점", "기타 주점업", "출장 및 이동 음식점업", "일반 음식점", "휴게 음식점", "일반 호텔업",
    "여관업", "민박업", "기타 숙박업", "휴양 콘도 운영업",
    # information and communication (정보통신업)
    "응용 소프트웨어 개발 및 공급업", "시스템 소프트웨어 개발 및 공급업", "게임 소프트웨어 개발 및 공급업",
    "컴퓨터 프로그래밍 서비스업", "컴퓨터 시스템 통합 자문 및 구축 서비스업", "컴퓨터 시설 관리업",
    "포털 및 기타 인터넷 정보매개 서비스업", "데이터베이스 및 온라인정보 제공업", "자료 처리, 호스팅 및 관련 서비스업",
    "소프트웨어 개발", "소프트웨어 개발 및 공급", "웹사이트 제작", "부가통신업", "전기통신업", "정보통신공사업",
    "인터넷 광고 서비스업", "영상 제작업", "일반 영화 및 비디오물 제작업", "광고 영화 및 비디오물 제작업",
    "음악 및 기타 오디오물 출판업", "서적 출판업", "잡지 및 정기 간행물 발행업",
    # manufacturing (제조업)
    "플라스틱 제품 제조업", "전자부품 제조업", "식료품 제조업", "의약품 제조업", "기타 기계 및 장비 제조업",
    "화장품 제조업", "금속 가공제품 제조업", "기타 식품 제조업", "떡, 빵 및 과자류 제조업", "가구 제조업",
    "의복 제조업", "인쇄업", "광고물 작성업", "금속구조물 제조업", "전기장비 제조업", "의료용 기기 제조업",
    "자동차 부품 제조업", "플라스틱 제품", "전자부품", "금속구조물",
    # construction (건설업)
    "실내건축공사업", "실내건축", "전기공사업", "토목공사업", "건축마무리 공사업", "기계설비공사업",
    "소방시설공사업", "종합건설업", "건축공사업", "토목건축공사업", "조경공사업", "도장공사업", "방수공사업",
    "철근콘크리트공사업", "금속구조물창호공사업", "상하수도설비공사업", "지반조성공사업", "전기공사", "실내 인테리어",
    # real estate (부동산업)
    "비주거용 건물 임대업", "주거용 건물 임대업", "부동산 중개 및 대리업", "부동산 관리업", "주거용 건물 관리업",
    "비주거용 건물 관리업", "부동산 임대업", "부동산 자문업", "주거용 건물 개발 및 공급업",
    "비주거용 건물 개발 및 공급업", "부동산 개발 및 공급업",
    # professional, scientific and technical services
    "경영 컨설팅업", "경영 컨설팅", "광고 대행업", "광고 대행", "엔지니어링 서비스업", "디자인업",
    "시장 조사 및 여론 조사업", "인테리어 디자인업", "인테리어 디자인", "제품 디자인업", "시각 디자인업",
    "기타 전문 디자인업", "건축 설계 및 관련 서비스업", "법무관련 서비스업", "회계 및 세무관련 서비스업",
    "세무사업", "변호사업", "공인회계사업", "변리사업", "법무사업", "옥외 및 전시 광고업", "사진 촬영 및 처리업",
    "번역 및 통역 서비스업", "기타 공학 연구개발업", "자연과학 연구개발업", "연구개발업", "측량업",
    # business facilities management and support services
    "인력 공급업", "인력공급", "임시 및 일용 인력 공급업", "상용 인력 공급 및 인사관리 서비스업",
    "전시, 컨벤션 및 행사 대행업", "행사 대행", "건물 청소업", "사무 지원 서비스업", "경비 및 경호 서비스업",
    "사업시설 유지관리 서비스업", "여행사업", "국내 여행사업", "국외 여행사업", "콜센터 및 텔레마케팅 서비스업",
    "포장 및 충전업", "소독, 구충 및 방제 서비스업", "조경 관리 및 유지 서비스업", "자동차 임대업",
    "산업용 기계 및 장비 임대업", "건설장비 임대업", "고용 알선업",
    # education (교육 서비스업)
    "일반 교과 학원", "외국어학원", "컴퓨터 학원", "예술 학원", "온라인 교육 학원", "기타 교육지원 서비스업",
    "교육관련 자문 및 평가업", "태권도 및 무술 교육기관", "기타 스포츠 교육기관", "음악학원", "미술학원",
    "직원 훈련기관", "운전학원", "기타 기술 및 직업훈련학원", "유아 교육기관",
    # transport and storage (운수 및 창고업)
    "화물자동차 운송업", "일반 화물자동차 운송업", "용달 화물자동차 운송업", "개별 화물자동차 운송업", "택배업",
    "보관 및 창고업", "운송 중개업", "화물 운송 중개, 대리 및 관련 서비스업", "늘찬 배달업", "택시 운송업",
    "전세버스 운송업", "냉장 및 냉동 창고업",
    # health (보건업)
    "치과의원", "한의원", "일반 의원", "병원", "치과병원", "한방병원", "요양병원", "기타 보건업",
    # ... and the clinics by their speciality, which certificates print as often as 일반 의원 (`안과의원` was read
    # one syllable from 치과의원 and snapped to it, an eighth independent set's print)
    "안과의원", "내과의원", "외과의원", "피부과의원", "소아과의원", "소아청소년과의원", "이비인후과의원",
    "정형외과의원", "산부인과의원", "성형외과의원", "신경외과의원", "비뇨기과의원", "가정의학과의원",
    # repair and other personal services
    "세탁업", "가정용 세탁업", "미용업", "두발 미용업", "피부 미용업", "기타 미용업", "자동차 종합 수리업",
    "자동차 전문 수리업", "컴퓨터 수리업", "컴퓨터 및 주변 기기 수리업", "통신장비 수리업", "가전제품 수리업",
    "욕탕업", "마사지업", "예식장업", "장례식장 및 장의관련 서비스업", "사진관",
    # arts, sports and recreation
    "체력 단련시설 운영업", "골프연습장 운영업", "당구장 운영업", "노래연습장 운영업", "컴퓨터 게임방 운영업",
    "전자 게임장 운영업", "수영장 운영업", "볼링장 운영업",
)

_SHORTEST = 4  # syllables (spaces and commas left out): shorter readings are left alone
_LONG = 10  # ... a name this long is taken two syllables off, a shorter one one


def _compact(text: str) -> str:
    return re.sub(r"[\s,]", "", text)


_BY_COMPACT: dict[str, str] = {}
for _name in ITEMS:
    _BY_COMPACT.setdefault(_compact(_name), _name)
_LETTERS = {key: frozenset(key) for key in _BY_COMPACT if len(key) >= _SHORTEST}


def snapped(text: str) -> str:
    """`text` as the item it is a reading of: a known name, spaced as the reading was where the name has as many
    syllables (a syllable misread), as the name where it has not (a syllable lost or read in excess); else `text`."""
    compact = _compact(text)
    if compact in _BY_COMPACT:
        name = _BY_COMPACT[compact]
        # its comma lost (`떡빵 및 과자류 제조업`): the name as printed
        return name if "," in name and "," not in text else _split_words_joined(text, name)
    if len(compact) < _SHORTEST:
        return text
    near = _nearest(compact)
    # a name that is the reading with 업 after it is the trade as tax offices also write it (`한식 일반 음식점`,
    # `건물청소`, `실내건축공사`; an independent set printed three so, each snapped to the classification's name)
    if near is None or _wholesale_for_retail(compact, _compact(near)) or _compact(near) == compact + "업":
        return text
    if len(_compact(near)) != len(compact) or "," in text or "," in near:
        return near
    letters = iter(_compact(near))
    return "".join(ch if ch.isspace() else next(letters) for ch in text)


def _wholesale_for_retail(reading: str, name: str) -> bool:
    """The name is the reading with 도매업 for 소매업 or the reverse: trades of their own, whether or not the list holds
    both (`컴퓨터 및 주변장치 도매업` was snapped to the listed 소매업, three times in an independent set)."""
    return reading != name and reading.replace("소매업", "도매업") == name.replace("소매업", "도매업")


def _split_words_joined(text: str, name: str) -> str:
    """`text`, a reading of `name`, without the spaces it has inside one of the name's long words (`경영 컨설 팅업`:
    Tesseract set a space in 컨설팅업, which no print splits); its other spacing is the print's and stays."""
    words = re.split(r"[\s,]+", name)
    word_of = [i for i, word in enumerate(words) for _ in word]  # for each syllable of the name, its word
    out, position = [], 0  # position: the syllables read so far; a space there lies before syllable `position`
    for ch in text:
        if ch.isspace() and 0 < position < len(word_of) and word_of[position - 1] == word_of[position] \
                and len(words[word_of[position]]) >= _LONG_WORD:
            continue
        if not (ch.isspace() or ch == ","):
            position += 1
        out.append(ch)
    return "".join(out)


_LONG_WORD = 4  # syllables


def begins(compact: str) -> bool:
    """`compact` (spaces and commas left out) is the start of one of the names, or one whole."""
    return bool(compact) and any(key.startswith(compact) for key in _BY_COMPACT)


def is_listed(text: str) -> bool:
    """`text` is one of the names, spaces and commas aside."""
    return _compact(text) in _BY_COMPACT


@functools.lru_cache(maxsize=1024)
def _nearest(compact: str) -> str | None:
    """The one name `compact` is within its slack of, with no other name as near; None when there is not one."""
    letters = set(compact)
    # a syllable of the reading that a name lacks costs an edit: names lacking three are never measured (a
    # reading measured against every name cost 2-3 ms)
    distances = sorted((levenshtein(compact, key), key) for key, key_letters in _LETTERS.items()
                       if abs(len(key) - len(compact)) <= 2 and len(letters - key_letters) <= 2)
    if not distances:
        return None
    (best, key), (runner_up, _) = [*distances, (99, "")][:2]
    slack = 2 if len(key) >= _LONG else 1
    if best > slack:
        return None
    if runner_up == best:
        # as near to two names of its length (`처과의원`: 치과의원, 내과의원, 안과의원 …): the one whose syllable is
        # the fewest letters off, a look-alike (치 read 처 shares its ㅊ), when only one is
        tied = [name for distance, name in distances if distance == best]
        if any(len(name) != len(compact) for name in tied):
            return None
        apart = sorted((near_names.letters_apart(name, compact), name) for name in tied)
        if apart[0][0] == apart[1][0]:
            return None
        key = apart[0][1]
    return _BY_COMPACT[key]
