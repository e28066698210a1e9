"""OSS RBA messages (receiveNIB, inqueryNIB) read into Lindung's terms: pure rules, no I/O.

The message shapes follow OSS RBA's published API for regional systems (versions 4.3.x-5.0,
https://oss-rba.github.io, `receiveNIB`, `inqueryNIB`, Lampiran 9/10). Only what Lindung needs is
read; everything else in `dataNIB` is accepted and dropped (docs/API.md §16 lists both).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass, field

from .common import FieldError

# kewenangan (OSS): 00 central government, 01 province, 02 regency/city
KEWENANGAN = {"00": "pusat", "01": "provinsi", "02": "kabupaten/kota"}
# skala_usaha of a project (OSS RBA: 01 mikro, 02 kecil, 03 menengah, 04 besar) -> Lindung's business_scale
SKALA_USAHA = {"01": "micro", "02": "small", "03": "medium", "04": "large"}
SCALE_ORDER = ("micro", "small", "medium", "large")
# jenis_perseroan 18 (Badan Layanan Umum) is a government agency: a state employer; every other
# form OSS issues a NIB to is a business (BUMN/BUMD included: they are employers, not state bodies)
STATE_FORMS = {"18"}
CONSTRUCTION_KBLI = ("41", "42", "43")  # KBLI 2020 section F: construction
DOTTED = re.compile(r"^(\d{2})\.(\d{2})\.(\d{2})\.(\d{4})$")
# BPJS Ketenagakerjaan's company registration number (NPP): digits; a placeholder of zeros is none
NPP = re.compile(r"^\d{8,20}$")


@dataclass(frozen=True)
class Workforce:
    male: int = 0
    female: int = 0
    foreign: int = 0

    @property
    def total(self) -> int:
        return self.male + self.female


@dataclass
class NibReading:
    """What Lindung takes from one `dataNIB`."""

    errors: list[FieldError] = field(default_factory=list)
    regency_code: str | None = None
    region_code: str | None = None  # canonical: 10 digits, undotted
    kewenangan: str | None = None
    nib: str | None = None
    oss_id: str | None = None
    name: str | None = None
    address: str | None = None
    npwp: str | None = None
    kind: str = "non_state"
    business_scale: str | None = None
    sector: str = "general"
    kbli: tuple[str, ...] = ()
    flag_umk: str | None = None
    npp: str | None = None
    npp_given: str | None = None  # as OSS sent it (kept to explain an invalid one)
    workforce: Workforce = Workforce()
    issued_on: dt.date | None = None


def canonical_region(value: object) -> str | None:
    """A Kemendagri region code as 10 undotted digits: `3201000000` stays, `32.01.01.2001`
    becomes `3201012001`; a 4-digit regency code is widened with zeros. Anything else: None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if (m := DOTTED.match(text)) is not None:
        return "".join(m.groups())
    if text.isdigit() and len(text) in (4, 6, 10):
        return text.ljust(10, "0")
    return None


def regency_of(region: str | None) -> str | None:
    """The 4-digit regency part, or None for a province-level code (`3200000000`)."""
    if region is None or region[2:4] == "00":
        return None
    return region[:4]


def _int(value: object) -> int:
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return max(value, 0)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return 0


def workforce_of(projects: list[dict]) -> Workforce:
    """Worker counts by sex summed over the projects (TKI: Indonesian, TKA: foreign workers)."""
    male = female = foreign = 0
    for p in projects:
        tki_l, tki_p, tka_l, tka_p = (_int(p.get(k)) for k in ("jumlah_tki_l", "jumlah_tki_p",
                                                              "jumlah_tka_l", "jumlah_tka_p"))
        male += tki_l + tka_l
        female += tki_p + tka_p
        foreign += tka_l + tka_p
    return Workforce(male, female, foreign)


def _scale(data: dict, projects: list[dict]) -> str | None:
    """The largest scale among the projects (inqueryNIB also states one for the whole business)."""
    scales = [SKALA_USAHA[p["skala_usaha"]] for p in [data, *projects] if p.get("skala_usaha") in SKALA_USAHA]
    if scales:
        return max(scales, key=SCALE_ORDER.index)
    return None


def _project_regencies(projects: list[dict]) -> set[str]:
    found = set()
    for p in projects:
        for place in p.get("data_lokasi_proyek") or []:
            if isinstance(place, dict) and (code := regency_of(canonical_region(place.get("proyek_daerah_id")))):
                found.add(code)
    return found


def owning_regency(region: str | None, kewenangan: str | None, projects: list[dict]) -> str | None:
    """Which regency owns the employer: with regency authority (02) the region code names it; with
    central (00) or provincial (01) authority the code may stop at the province, and then the
    projects' locations decide when they all lie in one regency."""
    regency = regency_of(region)
    if regency is not None or kewenangan == "02":
        return regency
    places = _project_regencies(projects)
    return places.pop() if len(places) == 1 else None


def _text(data: dict, name: str) -> str | None:
    value = data.get(name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def read_data_nib(data: dict) -> NibReading:
    """`dataNIB` -> NibReading; `errors` names each field Lindung cannot do without."""
    r = NibReading()
    projects = [p for p in (data.get("data_proyek") or []) if isinstance(p, dict)]
    r.nib, r.oss_id = _text(data, "nib"), _text(data, "oss_id")
    r.name, r.address = _text(data, "nama_perseroan"), _text(data, "alamat_perseroan")
    r.npwp, r.flag_umk = _text(data, "npwp_perseroan"), _text(data, "flag_umk")
    r.kewenangan = _text(data, "kewenangan")
    r.region_code = canonical_region(data.get("kd_daerah"))
    r.kind = "state" if _text(data, "jenis_perseroan") in STATE_FORMS else "non_state"
    r.kbli = tuple(k for p in projects if (k := _text(p, "kbli")))
    r.sector = "construction" if any(k.startswith(CONSTRUCTION_KBLI) for k in r.kbli) else "general"
    r.business_scale = _scale(data, projects)
    r.workforce = workforce_of(projects)
    r.npp_given = _text(data, "no_npp")
    r.npp = r.npp_given if r.npp_given and NPP.match(r.npp_given) and set(r.npp_given) != {"0"} else None
    try:
        r.issued_on = dt.date.fromisoformat(_text(data, "tgl_terbit_nib") or "")
    except ValueError:
        r.issued_on = None
    for name, value, why in (("nib", r.nib, "wajib diisi / required"),
                             ("nama_perseroan", r.name, "wajib diisi / required"),
                             ("alamat_perseroan", r.address, "wajib diisi / required")):
        if value is None:
            r.errors.append(FieldError(f"dataNIB.{name}", why))
    if r.kewenangan not in KEWENANGAN:
        r.errors.append(FieldError("dataNIB.kewenangan", "harus 00, 01 atau 02 / must be 00, 01 or 02"))
    if r.region_code is None:
        r.errors.append(FieldError("dataNIB.kd_daerah", "kode wilayah Kemendagri 10 digit (3201000000 atau "
                                                        "32.01.01.2001) / 10-digit Kemendagri region code"))
    if r.business_scale is None:
        r.errors.append(FieldError("dataNIB.data_proyek.skala_usaha", "01, 02, 03 atau 04 / 01, 02, 03 or 04"))
    if not r.errors:
        r.regency_code = owning_regency(r.region_code, r.kewenangan, projects)
    return r


def oss_token(username: str, password: str, npwp: str, on: dt.date) -> str:
    """OSS's `Token` header: SHA1(USERNAME + PASSWORD + NPWP + DATE(Ymd))."""
    return hashlib.sha1((username + password + npwp + on.strftime("%Y%m%d")).encode()).hexdigest()


def token_valid(token: str | None, *, username: str, password: str, npwp: str, today: dt.date) -> bool:
    """The token of today or yesterday (OSS and Lindung may straddle midnight), compared in constant time."""
    if not token or not username or not password:
        return False
    candidates = [oss_token(username, password, npwp, today - dt.timedelta(days=d)) for d in (0, 1)]
    # as bytes: compare_digest refuses a str holding non-ASCII characters (a 500 instead of OSS's 401)
    given = token.strip().lower().encode("utf-8", "surrogatepass")
    return any(hmac.compare_digest(given, c.encode()) for c in candidates)
