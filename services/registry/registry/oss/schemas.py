"""OSS RBA shapes: receiveNIB's answer, inqueryNIB's request (docs/API.md §16)."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# what registry.domain.oss reads (documentation of a body read raw: the route answers OSS's 400 otherwise)
NOT_BLANK = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*[^\s\x00-\x08\x0b-\x1f\x7f-\x9f][^\x00-\x08\x0b-\x1f\x7f-\x9f]*$"
REGION = r"^(\d{4}|\d{6}|\d{10}|\d{2}\.\d{2}\.\d{2}\.\d{4})$"


class ResponReceiveNib(BaseModel):
    status: Literal["1", "2"] = Field(description="1: TRUE (received), 2: FALSE (refused) — OSS's own codes")
    keterangan: str
    kode: int = Field(description="OSS Lampiran 9 response code (200, 400, 401, 403, ...)")
    employer_id: str | None = None
    compliance_gap: bool | None = None


class ReceiveNibAnswer(BaseModel):
    responreceiveNIB: ResponReceiveNib  # noqa: N815 (OSS's field name)


class ProyekOss(BaseModel):
    """One `data_proyek` entry as OSS sends it; Lindung reads these fields and drops the rest."""

    model_config = ConfigDict(extra="allow")
    kbli: str | None = None
    skala_usaha: Literal["01", "02", "03", "04"] = Field(description="01 mikro, 02 kecil, 03 menengah, 04 besar")
    jumlah_tki_l: int | str | None = None
    jumlah_tki_p: int | str | None = None
    jumlah_tka_l: int | str | None = None
    jumlah_tka_p: int | str | None = None
    proyek_daerah_id: str | None = None


class DataNib(BaseModel):
    """OSS RBA's `dataNIB` (receiveNIB v5.0.0): the fields Lindung reads; every other field is accepted and
    dropped. A message Lindung cannot use is answered 400 `Data Parameter Salah` naming the fields."""

    model_config = ConfigDict(extra="allow")
    nib: str = Field(pattern=r"^\d{13}$", description="Nomor Induk Berusaha (13 digits)")
    oss_id: str | None = None
    nama_perseroan: str = Field(pattern=NOT_BLANK)
    alamat_perseroan: str = Field(pattern=NOT_BLANK)
    npwp_perseroan: str | None = None
    jenis_perseroan: str | None = Field(default=None, description="18 = Badan Layanan Umum (a state employer)")
    kewenangan: Literal["00", "01", "02"]
    kd_daerah: str = Field(pattern=REGION,
                           description="Kemendagri region code: 10 digits (3201000000) or dotted (32.01.01.2001)")
    flag_umk: str | None = None
    no_npp: str | None = None
    tgl_terbit_nib: str | None = None
    data_proyek: list[ProyekOss] = Field(min_length=1, description="the business scale is the largest project's")


class ReceiveNibIn(BaseModel):
    """receiveNIB's body as OSS sends it."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"dataNIB": {
        "nib": "9120001234567", "oss_id": "P02-202611031200000001", "nama_perseroan": "PT Sawit Lamandau Lestari",
        "alamat_perseroan": "Jl. Trans Kalimantan Km 12, Nanga Bulik", "npwp_perseroan": "012345674407000",
        "jenis_perseroan": "01", "kewenangan": "02", "kd_daerah": "6207000000", "flag_umk": "N", "no_npp": "",
        "tgl_terbit_nib": "2026-11-03", "data_proyek": [{
            "kbli": "01262", "skala_usaha": "03", "jumlah_tki_l": "14", "jumlah_tki_p": "5", "jumlah_tka_l": "1",
            "jumlah_tka_p": "0"}]}}]})

    dataNIB: DataNib  # noqa: N815 (OSS's field name)


class InquiryIn(BaseModel):
    """Complete an employer the regency knows only by NIB or NPWP from OSS's inqueryNIB."""

    # a body naming neither nib nor npwp is the route's 422: the document says so (anyOf), the model does not
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"anyOf": [
        {"required": [name], "properties": {name: {"type": "string"}}} for name in ("nib", "npwp")],
        "examples": [{"regency_code": "6207", "nib": "9120007654321"}]})
    regency_code: str = Field(pattern=r"^\d{4}$")
    nib: str | None = Field(default=None, pattern=r"^\d{13}$")
    npwp: str | None = Field(default=None, pattern=r"^[\d.\-]{15,20}$")


class InquiryOut(BaseModel):
    found: bool
    keterangan: str
    employer_id: str | None = None
    created: bool | None = None
    compliance_gap: bool | None = None
