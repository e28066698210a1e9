"""Places with names: the kecamatan and desa/kelurahan of a regency by their Kemendagri codes,
read from `profiles/<regency>/places.csv` (a committed file generated from a published dataset).

The dataset is the npm package `idn-area-data` 4.0.1 (code MIT; data Open Database License 1.0),
whose data follows Keputusan Menteri Dalam Negeri Nomor 300.2.2-2138 Tahun 2025 tentang Pemberian
dan Pemutakhiran Kode, Data Wilayah Administrasi Pemerintahan, dan Pulau. Fetch it with

    cd /tmp && npm pack idn-area-data@4.0.1      # writes /tmp/idn-area-data-4.0.1.tgz

and regenerate every regency's file with

    python -m shared.regulation places /tmp/idn-area-data-4.0.1.tgz [--check]

(`--check` fails when a committed file differs from what the dataset gives). Each file is a
derived database under the ODbL: its header names the package, version, licence and the
Kepmendagri; keep the header when editing.

Codes have no dots: a kecamatan 6 digits (province, regency, district), a village 10 digits whose
7th digit says its kind (1 kelurahan, 2 desa, as the Kemendagri numbering writes them). The
regency part of both is the Kemendagri regency code (`regency.yaml` `kemendagri_code`), which
differs from the system's BPS code for some regencies (Berau 6405 / 64.03).
"""
from __future__ import annotations

import csv
import io
import tarfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from shared import csvsafe

PLACES_FILE = "places.csv"
PACKAGE, VERSION = "idn-area-data", "4.0.1"
SOURCE_TITLE = "Kepmendagri 300.2.2-2138/2025"
COLUMNS = ("code", "name", "kind")
Kind = Literal["kecamatan", "desa", "kelurahan"]
VILLAGE_KINDS: dict[str, Kind] = {"1": "kelurahan", "2": "desa"}
# What a published file that shows these names says (ODbL 1.0 section 4.3: notice of the source database)
ATTRIBUTION = (f"Nama kecamatan dan desa/kelurahan: {PACKAGE} {VERSION} (kode {SOURCE_TITLE}), "
               f"data (c) kontributor {PACKAGE}, Open Database License (ODbL) 1.0")


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    kind: Kind

    @property
    def district_code(self) -> str:
        return self.code[:6]

    def label(self, village_words: dict[str, str] | None = None) -> str:
        """What people read: "Kecamatan Kelay", or a village with the regency's word for its kind by
        the code's 7th digit (`village_words`, e.g. {"2": "Kampung"} in Berau), else "Desa"/"Kelurahan"."""
        if self.kind == "kecamatan":
            return f"Kecamatan {self.name}"
        return f"{(village_words or {}).get(self.code[6], self.kind.capitalize())} {self.name}"


@dataclass(frozen=True)
class Places:
    """The named places of one regency (every kecamatan and desa/kelurahan of its Kemendagri code)."""

    kemendagri_code: str
    districts: dict[str, Place]
    villages: dict[str, Place]
    source: str = SOURCE_TITLE

    def district(self, code: str | None) -> Place | None:
        return self.districts.get(code) if code else None

    def village(self, code: str | None) -> Place | None:
        return self.villages.get(code) if code else None

    def problems(self) -> list[str]:
        """What breaks the file's integrity: codes of the wrong length or regency, villages whose
        kecamatan is missing, a kind that disagrees with the code, an empty file."""
        out = []
        if not self.districts or not self.villages:
            out.append("tidak ada kecamatan atau desa / no kecamatan or no village")
        for place in (*self.districts.values(), *self.villages.values()):
            want = 6 if place.kind == "kecamatan" else 10
            if len(place.code) != want or not place.code.isdigit():
                out.append(f"{place.code}: kode harus {want} digit / the code must be {want} digits")
            elif not place.code.startswith(self.kemendagri_code):
                out.append(f"{place.code}: bukan kode Kemendagri {self.kemendagri_code} / "
                           f"not under Kemendagri code {self.kemendagri_code}")
            elif place.kind != "kecamatan" and VILLAGE_KINDS.get(place.code[6]) != place.kind:
                out.append(f"{place.code}: jenis {place.kind} tidak sesuai digit ke-7 / kind disagrees with digit 7")
            if not place.name.strip():
                out.append(f"{place.code}: nama kosong / empty name")
        out += [f"{v.code}: kecamatan {v.district_code} tidak ada / its kecamatan is missing"
                for v in self.villages.values() if v.district_code not in self.districts]
        return out


def parse_places(text: str, kemendagri_code: str) -> Places:
    """Read a `places.csv` text (lines starting with `#` are its metadata header)."""
    rows = csv.DictReader(line for line in io.StringIO(text) if not line.startswith("#"))
    if tuple(rows.fieldnames or ()) != COLUMNS:
        raise ValueError(f"kolom harus / columns must be {','.join(COLUMNS)}")
    districts, villages = {}, {}
    for row in rows:
        if row["kind"] not in ("kecamatan", *VILLAGE_KINDS.values()):
            raise ValueError(f"{row['code']}: jenis tidak dikenal / unknown kind {row['kind']!r}")
        place = Place(row["code"], row["name"], row["kind"])  # type: ignore[arg-type]
        (districts if place.kind == "kecamatan" else villages)[place.code] = place
    return Places(kemendagri_code, districts, villages)


def read_places(folder: Path, kemendagri_code: str) -> Places | None:
    """The places of a regency folder, None when it has no `places.csv`."""
    path = folder / PLACES_FILE
    return parse_places(path.read_text(encoding="utf-8"), kemendagri_code) if path.exists() else None


# --- generation from the dataset ------------------------------------------------------------
def dataset_files(source: Path) -> tuple[str, str]:
    """The texts of `data/districts.csv` and `data/villages.csv` from the npm tarball
    (`idn-area-data-4.0.1.tgz`) or from an unpacked package folder."""
    if source.is_dir():
        data = source / "data" if (source / "data").is_dir() else source
        return ((data / "districts.csv").read_text(encoding="utf-8"),
                (data / "villages.csv").read_text(encoding="utf-8"))
    with tarfile.open(source) as archive:
        def member(name: str) -> str:
            handle = archive.extractfile(f"package/data/{name}")
            if handle is None:
                raise ValueError(f"{source}: package/data/{name} missing")
            return handle.read().decode("utf-8")
        return member("districts.csv"), member("villages.csv")


def select_places(districts_csv: str, villages_csv: str, kemendagri_code: str) -> list[Place]:
    """The regency's kecamatan then desa/kelurahan, codes without dots, sorted by code (pure)."""
    prefix = f"{kemendagri_code[:2]}.{kemendagri_code[2:]}."
    places = [Place(_digits(r["code"]), r["name"].strip(), "kecamatan")
              for r in csv.DictReader(io.StringIO(districts_csv)) if r["code"].startswith(prefix)]
    for row in csv.DictReader(io.StringIO(villages_csv)):
        if row["code"].startswith(prefix):
            code = _digits(row["code"])
            kind = VILLAGE_KINDS.get(code[6])
            if kind is None:
                raise ValueError(f"{row['code']}: digit ke-7 bukan 1/2 / the 7th digit is neither 1 nor 2")
            places.append(Place(code, row["name"].strip(), kind))
    return sorted(places, key=lambda p: (len(p.code), p.code))


def render_places(places: Iterable[Place], *, name_full: str, code: str, kemendagri_code: str) -> str:
    """The committed `places.csv`: a metadata header (package, version, licence, regulation), then rows."""
    places = list(places)
    counts = {kind: sum(p.kind == kind for p in places) for kind in ("kecamatan", "desa", "kelurahan")}
    header = [
        f"{name_full}: kecamatan dan desa/kelurahan menurut kode Kemendagri {kemendagri_code[:2]}.{kemendagri_code[2:]}"
        f" (kode BPS sistem ini {code}).",
        f"Kecamatan {counts['kecamatan']}, desa {counts['desa']}, kelurahan {counts['kelurahan']}.",
        f"Sumber / source: npm package {PACKAGE} {VERSION} (https://github.com/fityannugroho/idn-area-data),",
        "data/districts.csv and data/villages.csv; its data follow Keputusan Menteri Dalam Negeri Nomor",
        "300.2.2-2138 Tahun 2025 tentang Pemberian dan Pemutakhiran Kode, Data Wilayah Administrasi",
        f"Pemerintahan, dan Pulau ({SOURCE_TITLE}).",
        f"Licence: data (c) the {PACKAGE} contributors, Open Database License (ODbL) 1.0",
        "(https://opendatacommons.org/licenses/odbl/1-0/); this extract is a derived database under the ODbL.",
        "Generated by `python -m shared.regulation places idn-area-data-4.0.1.tgz` (shared/regulation/places.py);",
        "do not edit by hand: correct the dataset version and regenerate.",
    ]
    out = io.StringIO()
    out.writelines(f"# {line}\n" for line in header)
    writer = csvsafe.writer(out, lineterminator="\n")  # the one CSV writer (a name is never a formula)
    writer.writerow(COLUMNS)
    writer.writerows((p.code, p.name, p.kind) for p in places)
    return out.getvalue()


def _digits(dotted: str) -> str:
    return dotted.replace(".", "")
