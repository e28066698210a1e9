"""The registry's vocabularies (docs/API.md §12), from the regency's `participants.yaml` and
`registry.yaml` as the kernel loaded them: participant categories, occupations (with their
category), worker types, village kinds, termination reasons, funding kinds, employer kinds,
scales and sectors, data sources of candidate lists, construction funding sources; the regency's
kecamatan (`districts`) and desa/kelurahan (`villages`) by Kemendagri code, from its places.csv."""
from __future__ import annotations

import datetime as dt

from registry.complaints.domain import SYSTEM_CHANNEL
from registry.construction.schemas import FUNDING_SOURCES
from registry.domain.employers import BUSINESS_SCALES
from registry.profiles import complaints_profile, participants_profile, registry_profile
from shared.vocabularies import Vocabularies, term

EMPLOYER_KINDS = {"state": ("Pemberi Kerja Penyelenggara Negara", "state body (penyelenggara negara)"),
                  "non_state": ("Pemberi Kerja selain Penyelenggara Negara", "any other employer")}
SCALES = {"micro": ("usaha mikro", "micro"), "small": ("usaha kecil", "small"),
          "medium": ("usaha menengah", "medium"), "large": ("usaha besar", "large")}
CONSTRUCTION_FUNDING = {"apbn": ("APBN", "state budget"), "apbd": ("APBD", "regional budget"),
                        "private": ("swasta", "private"), "individual": ("perseorangan", "individual"),
                        "foreign_aid": ("bantuan/pinjaman luar negeri", "foreign aid or loan")}
WORKER_TYPES_EN = {"pu": "wage earner", "bpu": "non-wage earner"}


def vocabularies(regency_code: str, as_of: dt.date) -> Vocabularies:
    out: Vocabularies = {}
    participants = participants_profile(regency_code)
    if participants is not None:
        out |= _participants(participants)
        if participants.places is not None:
            out |= _places(participants)
    registry = registry_profile(regency_code)
    if registry is not None:
        out |= _registry(registry)
    complaints = complaints_profile(regency_code)
    if complaints is not None:
        out |= _complaints(complaints)
    out["employer_kinds"] = [term(k, label, label_en=en) for k, (label, en) in EMPLOYER_KINDS.items()]
    out["business_scales"] = [term(k, *SCALES[k][:1], label_en=SCALES[k][1]) for k in BUSINESS_SCALES]
    out["construction_funding_sources"] = [term(k, *CONSTRUCTION_FUNDING[k][:1], label_en=CONSTRUCTION_FUNDING[k][1])
                                           for k in FUNDING_SOURCES]
    out["participant_statuses"] = [term("active", "aktif", label_en="an active membership"),
                                   term("inactive", "tidak aktif", label_en="no active membership")]
    return out


def _participants(profile) -> Vocabularies:
    return {
        "categories": [term(c.id, c.label, c.citation, valid_from=c.valid_from, valid_until=c.valid_until,
                            worker_types=list(c.worker_types), vulnerable=c.vulnerable,
                            also=[str(a) for a in c.also] or None) for c in profile.categories],
        "occupations": [term(o.id, o.label, o.citation or c.citation, valid_from=o.valid_from or c.valid_from,
                             valid_until=o.valid_until or c.valid_until, category=c.id,
                             worker_types=list(o.worker_types), employer_kind=o.employer_kind)
                        for c, o in profile.occupations()],
        "worker_types": [term(k, label, label_en=WORKER_TYPES_EN.get(k)) for k, label in
                         profile.worker_type_labels.items()],
        "village_kinds": [term(v.id, v.label, v.citation, counts_as=v.counts_as, code_prefix=v.code_prefix)
                          for v in profile.village_kinds],
    }


def _places(profile) -> Vocabularies:
    """Kecamatan and desa/kelurahan names (a village named with the regency's word for its kind, e.g.
    Berau's "Kampung"); the codes are what `village_code` takes. Undated: the list is the current one."""
    places = profile.places
    kinds = {k.code_prefix: k for k in profile.village_kinds}
    words = {prefix: k.label for prefix, k in kinds.items()}
    return {
        "districts": [term(p.code, p.label(), places.source, name=p.name) for p in places.districts.values()],
        "villages": [term(p.code, p.label(words), places.source, name=p.name, district=p.district_code,
                          village_kind=kinds[p.code[6]].id if p.code[6] in kinds else None)
                     for p in places.villages.values()],
    }


def _registry(profile) -> Vocabularies:
    return {
        "termination_reasons": [term(r.id, r.label, r.citation, decree_required_for_funding=list(
            profile.termination.decree_required_for_funding) or None) for r in profile.termination.reasons],
        "funding": [term(f.id, f.label, f.citation, worker_types=list(f.worker_types)) for f in profile.funding],
        "sectors": [term(s.id, s.label, s.citation) for s in profile.sectors],
        "data_sources": [term(s.id, s.label, s.citation) for s in profile.data_sources],
    }


def _complaints(profile) -> Vocabularies:
    """Channels and categories from the regency's complaints.yaml; stages and data-subject rights
    are national (profiles/national/complaints.yaml), their citations national regulations."""
    own = profile.regulation
    return {
        "complaint_channels": [term(t.id, t.label, t.citation, regulation=own,
                                    tracking_id_required=t.tracking_id_required or None,
                                    automatic_only=(t.id == SYSTEM_CHANNEL) or None)
                               for t in profile.channels.values()],
        "complaint_categories": [term(t.id, t.label, t.citation, regulation=own) for t in profile.categories.values()],
        "complaint_stages": [term(s.id, s.label, s.citation, working_days=s.working_days)
                             for s in profile.stages.values()],
        "data_subject_requests": [term(r.id, r.label, r.deadline_citation, deadline_hours=r.deadline_hours,
                                       right_citation=r.right_citation, exceptions_citation=r.exceptions_citation)
                                  for r in profile.rights.values()],
    }
