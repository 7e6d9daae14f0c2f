"""Regions: ISO 3166-1 countries and ISO 3166-2 subdivisions whose public holidays afterview
knows, and the time zone a region stands for when nobody recorded one.

The code tables are copies of what the installed ``holidays`` package covers (a test keeps them
in step with it), so that validating a region imports no calendar. A region is stored in one
canonical form, ``CC`` or ``CC-SUB`` with the package's subdivision code (``GB-ENG``,
``AU-NSW``, ``CA-ON``); other ISO spellings of the same place are mapped to it.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

# The ISO 3166-1 codes the ``holidays`` package covers.
COUNTRIES = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ
    DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP
    GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG
    KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML
    MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE
    PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL
    SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM
    US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW
    """.split()  # noqa: SIM905 - a compact table of codes
)

# The package's subdivision codes that have the shape of an ISO 3166-2 code (1-3 letters or
# digits), by country. Its other subdivisions ("NSW Western", "Zone A") are not regions.
_SUBDIVISIONS = """
AD: 02 03 04 05 06 07 08
AM: AG AR AV ER GR KT LO SH SU TV VD
AR: A B C D E F G H J K L M N P Q R S T U V W X Y Z
AT: 1 2 3 4 5 6 7 8 9
AU: ACT NSW NT QLD SA TAS VIC WA
BA: BIH BRC SRP
BO: B C H L N O P S T
BQ: BON SAB STA
BR: AC AL AM AP BA CE DF ES GO MA MG MS MT PA PB PE PI PR RJ RN RO RR RS SC SE SP TO
BT: 11 12 13 14 15 21 22 23 24 31 32 33 34 41 42 43 44 45 GA TY
CA: AB BC MB NB NL NS NT NU ON PE QC SK YT
CH: AG AI AR BE BL BS FR GE GL GR JU LU NE NW OW SG SH SO SZ TG TI UR VD VS ZG ZH
CL: AI AN AP AR AT BI CO LI LL LR MA ML NB RM TA VS
CV: BR BV CA CF CR MA MO PA PN PR RB RG RS SD SF SL SM SO SS SV TA TS
DE: BB BE BW BY HB HE HH MV NI NW RP SH SL SN ST TH
ES: AN AR AS CB CE CL CM CN CT EX GA IB MC MD ML NC PV RI VC
FI: 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19
FM: KSA PNI TRK YAP
FR: 57 6AE 971 972 973 974 976 BL MF NC PF PM TF WF
GB: ENG NIR SCT WLS
GQ: AN BN BS CS DJ KN LI WN
IN: AN AP AR AS BR CG CH DH DL GA GJ HP HR JH JK KA KL LA LD MH ML MN MP MZ NL OD PB PY RJ
IN: SK TN TR TS UK UP WB
IT: AG AL AN AO AP AQ AR AT AV BA BG BI BL BN BO BR BS BT BZ CA CB CE CH CL CN CO CR CS CT
IT: CZ EN FC FE FG FI FM FR GE GO GR IM IS KR LC LE LI LO LT LU MB MC ME MI MN MO MS MT NA
IT: NO NU OR PA PC PD PE PG PI PN PO PR PT PU PV PZ RA RC RE RG RI RM RN RO SA SI SO SP SR
IT: SS SU SV TA TE TN TO TP TR TS TV UD VA VB VC VE VI VR VT VV
MO: I M
MY: 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16
NI: AN AS BO CA CI CO ES GR JI LE MD MN MS MT NS RI SJ
NO: 03 11 15 18 21 22 31 32 33 34 39 40 42 46 50 55 56
NZ: AUK BOP CAN CIT GIS HKB MBH MWT NSN NTL OTA STL TAS TKI WGN WKO WTC
PL: 02 04 06 08 10 12 14 16 18 20 22 24 26 28 30 32
PT: 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 20 30
SB: CE CH CT GU IS MK ML RB TE WE
SH: AC HL TA
ST: 01 02 03 04 05 06 P
SV: AH CA CH CU LI MO PA SA SM SO SS SV UN US
TV: FUN NIT NKF NKL NMA NMG NUI VAI
US: AK AL AR AS AZ CA CO CT DC DE FL GA GU HI IA ID IL IN KS KY LA MA MD ME MI MN MO MP MS
US: MT NC ND NE NH NJ NM NV NY OH OK OR PA PR RI SC SD TN TX UM UT VA VI VT WA WI WV WY
"""
_PACKAGE_ALIASES = """
AT: B=1 K=2 N=3 O=4 S=5 T=7 V=8 W=9
BA: BD=BRC RS=SRP
FR: GP=971 GUA=971 GY=973 LRE=974 MAY=976 MQ=972 RE=974 YT=976
IN: TG=TS
MY: JHR=01 KDH=02 KTN=03 KUL=14 LBN=15 MLK=04 NSN=05 PHG=06 PJY=16 PLS=09 PNG=07 PRK=08
MY: SBH=12 SGR=10 SWK=13 TRG=11
NZ: AU=AUK BP=BOP CA=CAN CI=CIT GI=GIS HB=HKB MA=MBH MW=MWT NE=NSN NO=NTL OT=OTA SO=STL
NZ: TK=TKI TS=TAS WC=WTC WG=WGN WK=WKO
"""

# ISO 3166-2 codes the package spells differently, or that stand for a whole country.
_ISO_ALIASES = {
    "GB-EAW": "GB-ENG",  # England and Wales: the same bank holidays as England
    "GB-GBN": "GB",  # Great Britain
    "GB-UKM": "GB",  # United Kingdom
    "IN-CT": "IN-CG",  # Chhattisgarh, Odisha, Uttarakhand, Telangana: codes changed in 2023
    "IN-OR": "IN-OD",
    "IN-UT": "IN-UK",
    "IN-TG": "IN-TS",
}


def _table(text: str) -> dict[str, list[str]]:
    """``CC: code code ...`` lines (a country may take several lines) as country -> codes."""
    table: dict[str, list[str]] = {}
    for line in text.strip().splitlines():
        country, codes = line.split(":", 1)
        table.setdefault(country, []).extend(codes.split())
    return table


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    """Every accepted spelling -> its canonical region."""
    known = {code: code for code in COUNTRIES}
    for country, codes in _table(_SUBDIVISIONS).items():
        known.update({f"{country}-{code}": f"{country}-{code}" for code in codes})
    for country, pairs in _table(_PACKAGE_ALIASES).items():
        for pair in pairs:
            alias, code = pair.split("=")
            known.setdefault(f"{country}-{alias}", f"{country}-{code}")
    known.update(_ISO_ALIASES)
    return known


def known_regions() -> frozenset[str]:
    """Every canonical region: the countries and their subdivisions (``GB``, ``GB-ENG``)."""
    return frozenset(_regions().values())


def subdivisions(country: str) -> list[str]:
    """The subdivision codes of ``country`` afterview knows (empty for most countries)."""
    return _table(_SUBDIVISIONS).get(country, [])


def canonical_region(value: str) -> str:
    """``value`` as a canonical region (``GB-ENG``), or ValueError saying what is expected."""
    text = re.sub(r"[\s_]+", "-", value.strip().upper())
    found = _regions().get(text)
    if found is not None:
        return found
    country, _, sub = text.partition("-")
    if sub and country in COUNTRIES:
        known = [f"{country}-{code}" for code in subdivisions(country)]
        listed = ", ".join(known[:10]) + (f" … ({len(known)} in all)" if len(known) > 10 else "")
        expected = (
            f"one of {listed}, or {country}"
            if known
            else f"{country} (afterview knows no subdivisions of {country})"
        )
        raise ValueError(f"expected {expected}, got {value!r}")
    raise ValueError(
        "expected an ISO 3166 country code such as US or GB, or a subdivision such as "
        f"GB-ENG, AU-NSW, CA-ON or US-CA, got {value!r}"
    )


def split_region(region: str) -> tuple[str, str | None]:
    """(country, subdivision or None) of a canonical region."""
    country, _, sub = region.partition("-")
    return country, sub or None


def country_of(region: str | None) -> str | None:
    """The ISO 3166-1 country of a region (``GB`` for ``GB-ENG``), or None."""
    return split_region(region)[0] if region else None


# The zone a subdivision stands for, where its country spans several (the main city's zone).
_SUBDIVISION_ZONES = """
America/New_York: US-CT US-DC US-DE US-FL US-GA US-KY US-MA US-MD US-ME US-NC US-NH US-NJ
America/New_York: US-NY US-OH US-PA US-RI US-SC US-VA US-VT US-WV
America/Chicago: US-AL US-AR US-IA US-IL US-KS US-LA US-MN US-MO US-MS US-ND US-NE US-OK
America/Chicago: US-SD US-TN US-TX US-WI
America/Denver: US-CO US-MT US-NM US-UT US-WY
America/Detroit: US-MI
America/Indiana/Indianapolis: US-IN
America/Boise: US-ID
America/Phoenix: US-AZ
America/Los_Angeles: US-CA US-NV US-OR US-WA
America/Anchorage: US-AK
Pacific/Honolulu: US-HI
Pacific/Pago_Pago: US-AS
Pacific/Guam: US-GU
Pacific/Saipan: US-MP
America/Puerto_Rico: US-PR
America/St_Thomas: US-VI
America/St_Johns: CA-NL
America/Halifax: CA-NS CA-PE
America/Moncton: CA-NB
America/Toronto: CA-ON CA-QC
America/Iqaluit: CA-NU
America/Winnipeg: CA-MB
America/Regina: CA-SK
America/Edmonton: CA-AB CA-NT
America/Vancouver: CA-BC
America/Whitehorse: CA-YT
Australia/Sydney: AU-NSW AU-ACT
Australia/Melbourne: AU-VIC
Australia/Brisbane: AU-QLD
Australia/Adelaide: AU-SA
Australia/Darwin: AU-NT
Australia/Perth: AU-WA
Australia/Hobart: AU-TAS
America/Rio_Branco: BR-AC
America/Manaus: BR-AM
America/Porto_Velho: BR-RO
America/Boa_Vista: BR-RR
America/Cuiaba: BR-MT
America/Campo_Grande: BR-MS
America/Belem: BR-PA BR-AP
America/Araguaina: BR-TO
America/Fortaleza: BR-CE BR-MA BR-PI BR-RN BR-PB
America/Recife: BR-PE
America/Maceio: BR-AL BR-SE
America/Bahia: BR-BA
Atlantic/Canary: ES-CN
Atlantic/Azores: PT-20
Atlantic/Madeira: PT-30
Pacific/Chatham: NZ-CIT
America/Guadeloupe: FR-971
America/Martinique: FR-972
America/Cayenne: FR-973
Indian/Reunion: FR-974
Indian/Mayotte: FR-976
America/St_Barthelemy: FR-BL
America/Marigot: FR-MF
Pacific/Noumea: FR-NC
Pacific/Tahiti: FR-PF
America/Miquelon: FR-PM
Indian/Kerguelen: FR-TF
Pacific/Wallis: FR-WF
"""

# A country's main zone, where zone.tab does not list it first (or at all).
_COUNTRY_ZONES = {
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "US": "America/New_York",
    "UZ": "Asia/Tashkent",
    "XK": "Europe/Belgrade",
}


@lru_cache(maxsize=1)
def _subdivision_zones() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in _SUBDIVISION_ZONES.strip().splitlines():
        key, regions = line.split(":", 1)
        table.update(dict.fromkeys(regions.split(), key))
    return table


@lru_cache(maxsize=1)
def zone_tab() -> tuple[tuple[str, str], ...]:
    """(country, IANA zone) for every zone in the zone.tab the tzdata package ships."""
    from importlib.resources import files

    try:
        text = files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):  # pragma: no cover - tzdata is required
        return ()
    rows = []
    for line in text.splitlines():
        if line and not line.startswith("#"):
            country, _, key = line.split("\t")[:3]
            rows.append((country, key))
    return tuple(rows)


@lru_cache(maxsize=1)
def _country_zones() -> dict[str, list[str]]:
    """Country -> its zones (zone.tab)."""
    table: dict[str, list[str]] = {}
    for country, key in zone_tab():
        table.setdefault(country, []).append(key)
    return table


def region_zone(region: str, at: datetime | None = None) -> str | None:
    """The IANA zone ``region`` stands for: its subdivision's zone, else the country's zone
    whose UTC offset at ``at`` matches ``at``'s own (a US interview at -08:00 is on the west
    coast), else the country's main zone. None for a region with no zone."""
    exact = _subdivision_zones().get(region)
    if exact:
        return exact
    country = split_region(region)[0]
    main = _COUNTRY_ZONES.get(country)
    candidates = ([main] if main else []) + _country_zones().get(country, [])
    if not candidates:
        return None
    offset = at.utcoffset() if at is not None else None
    if offset is not None and at is not None:
        from zoneinfo import ZoneInfo

        for key in candidates:
            if at.astimezone(ZoneInfo(key)).utcoffset() == offset:
                return key
    return candidates[0]


def offset_zone(at: datetime) -> str | None:
    """An ``Etc/GMT`` zone with ``at``'s UTC offset (whole hours only), or None."""
    offset = at.utcoffset()
    if offset is None or offset.total_seconds() % 3600:
        return None
    hours = int(offset.total_seconds() // 3600)
    if hours == 0:
        return "UTC"
    # The Etc names invert the sign: Etc/GMT+5 is five hours behind UTC.
    return f"Etc/GMT{-hours:+d}"


def assumed_zone(
    interviewer_zones: list[str], region: str | None, started: datetime
) -> tuple[str, str]:
    """The zone to plan in when the candidate recorded none, and why, in words: the
    interviewers' zone; else the region's; else one with the interview's UTC offset (this
    computer's zone when it has that offset); else this computer's zone."""
    if interviewer_zones:
        key = max(interviewer_zones, key=interviewer_zones.count)
        return key, "the interviewers' time zone"
    if region:
        key_or_none = region_zone(region, started)
        if key_or_none:
            return key_or_none, f"the time zone of {region}, the employer's region"
    from zoneinfo import ZoneInfo

    from tzlocal import get_localzone_name

    machine = get_localzone_name() or "UTC"
    if started.astimezone(ZoneInfo(machine)).utcoffset() == started.utcoffset():
        return machine, "this computer's time zone, which has the interview's UTC offset"
    fixed = offset_zone(started)
    if fixed:
        return fixed, "the UTC offset of the interview's start time"
    return machine, "this computer's time zone"
