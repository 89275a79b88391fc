"""The districts of Korea (시, 군 and 구, the second and third words of every address): a closed list, like the tax
offices.

Tesseract misreads a syllable of a district's name now and then (`임산동구` for 일산동구, `해움대구` for 해운대구); a
reading that is none of them and one syllable from one of the same length is that district (near_names.py). The
road name after them has no such list here (the national road-name list is not shipped with any package we can
install), so it stays as read.

The list is the Ministry of the Interior's administrative districts as of 2026: the self-governing 시, 군 and 구 and
the 구 inside the larger cities (`수원시 영통구`), older names included where certificates still in use print them.
"""

from __future__ import annotations

from .near_names import nearest

# The metropolitan cities' districts, each city's in full (`중구`, `동구`, `서구`, `남구`, `북구` and `강서구` are in
# several of them)
_METROPOLITAN = {
    "서울특별시": """종로구 중구 용산구 성동구 광진구 동대문구 중랑구 성북구 강북구 도봉구 노원구 은평구
        서대문구 마포구 양천구 강서구 구로구 금천구 영등포구 동작구 관악구 서초구 강남구 송파구 강동구""",
    "부산광역시": """중구 서구 동구 영도구 부산진구 동래구 남구 북구 해운대구 사하구 금정구 강서구 연제구 수영구
        사상구 기장군""",
    "대구광역시": "중구 동구 서구 남구 북구 수성구 달서구 달성군 군위군",
    "인천광역시": "중구 동구 미추홀구 연수구 남동구 부평구 계양구 서구 강화군 옹진군",
    "광주광역시": "동구 서구 남구 북구 광산구",
    "대전광역시": "동구 중구 서구 유성구 대덕구",
    "울산광역시": "중구 남구 동구 북구 울주군",
}
_PROVINCES = """
수원시 성남시 의정부시 안양시 부천시 광명시 평택시 동두천시 안산시 고양시 과천시 구리시 남양주시 오산시 시흥시 군포시
의왕시 하남시 용인시 파주시 이천시 안성시 김포시 화성시 광주시 양주시 포천시 여주시 연천군 가평군 양평군
장안구 권선구 팔달구 영통구 수정구 중원구 분당구 만안구 동안구 원미구 소사구 오정구 상록구 단원구 덕양구 일산동구
일산서구 처인구 기흥구 수지구 만세구 효행구 병점구 동탄구
춘천시 원주시 강릉시 동해시 태백시 속초시 삼척시 홍천군 횡성군 영월군 평창군 정선군 철원군 화천군 양구군 인제군 고성군
양양군
청주시 충주시 제천시 보은군 옥천군 영동군 증평군 진천군 괴산군 음성군 단양군 상당구 서원구 흥덕구 청원구
천안시 공주시 보령시 아산시 서산시 논산시 계룡시 당진시 금산군 부여군 서천군 청양군 홍성군 예산군 태안군 동남구 서북구
전주시 군산시 익산시 정읍시 남원시 김제시 완주군 진안군 무주군 장수군 임실군 순창군 고창군 부안군 완산구 덕진구
목포시 여수시 순천시 나주시 광양시 담양군 곡성군 구례군 고흥군 보성군 화순군 장흥군 강진군 해남군 영암군 무안군 함평군
영광군 장성군 완도군 진도군 신안군
포항시 경주시 김천시 안동시 구미시 영주시 영천시 상주시 문경시 경산시 의성군 청송군 영양군 영덕군 청도군 고령군 성주군
칠곡군 예천군 봉화군 울진군 울릉군
창원시 진주시 통영시 사천시 김해시 밀양시 거제시 양산시 의령군 함안군 창녕군 남해군 하동군 산청군 함양군 거창군 합천군
의창구 성산구 마산합포구 마산회원구 진해구 마산시 진해시
제주시 서귀포시
"""
_IN_CITY = {city: frozenset(names.split()) for city, names in _METROPOLITAN.items()}
DISTRICTS = frozenset(_PROVINCES.split()).union(*_IN_CITY.values())

# The cities with districts of their own, and those districts: `성남시 문당구` is 분당구, not 청주시's 상당구
CITY_DISTRICTS = {
    city: frozenset(names.split()) for city, names in {
        "수원시": "장안구 권선구 팔달구 영통구", "성남시": "수정구 중원구 분당구", "안양시": "만안구 동안구",
        "부천시": "원미구 소사구 오정구", "안산시": "상록구 단원구", "고양시": "덕양구 일산동구 일산서구",
        "용인시": "처인구 기흥구 수지구", "화성시": "만세구 효행구 병점구 동탄구",
        "청주시": "상당구 서원구 흥덕구 청원구", "천안시": "동남구 서북구", "전주시": "완산구 덕진구",
        "포항시": "남구 북구", "창원시": "의창구 성산구 마산합포구 마산회원구 진해구",
    }.items()
}

# The districts of a metropolitan city that no other city has: they tell a city's name misread into two
# (`인전광역시`: 인천 or 대전) apart.
ONLY_IN = {
    city: districts - frozenset().union(*(other for name, other in _IN_CITY.items() if name != city))
    for city, districts in _IN_CITY.items()
}


def snapped(word: str, *, city: str = "") -> str:
    """`word` when it is a district or cannot be one; else the district of its length one syllable away (among
    `city`'s own districts when it has them), as `nearest` picks it."""
    if word in DISTRICTS or len(word) < 3 or word[-1] not in "시군구":
        return word
    return nearest(word, CITY_DISTRICTS.get(city, DISTRICTS))
