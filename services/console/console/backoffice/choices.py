"""Indonesian labels for the services' ids, shown in the forms' drop-downs. The ids are the services'
own (sanctions' domain vocabulary, registry's employer fields); when `GET /v1/vocabularies` lands on
main these lists are read from it instead."""
from __future__ import annotations

EMPLOYER_KINDS = {"non_state": "Pemberi kerja selain penyelenggara negara", "state": "Penyelenggara negara"}
BUSINESS_SCALES = {"micro": "Usaha mikro", "small": "Usaha kecil", "medium": "Usaha menengah",
                   "large": "Usaha besar"}
SECTORS = {"general": "Umum", "construction": "Jasa konstruksi"}
VIOLATIONS = {"employer_not_registered": "Belum mendaftarkan diri dan pekerjanya",
              "incomplete_data": "Data pekerja/upah tidak lengkap atau tidak benar",
              "contributions_unpaid": "Iuran tidak dibayar"}
SOURCES = {"bpjs_request": "Permintaan BPJS Ketenagakerjaan", "inspector_recommendation": "Rekomendasi pengawas"}
EVIDENCE = {"system_finding": "Temuan sistem",
            "bpjs_request": "Permintaan BPJS Ketenagakerjaan", "inspector_recommendation": "Rekomendasi pengawas",
            "warning_issued": "Teguran tertulis dikirim", "fine_imposed": "Denda dikenakan",
            "commitment_signed": "Surat pernyataan kesanggupan ditandatangani", "joint_visit": "Kunjungan bersama",
            "fine_paid": "Denda dibayar lunas", "registered": "Sudah mendaftar BPJS Ketenagakerjaan",
            "data_completed": "Data sudah dilengkapi", "contributions_paid": "Iuran sudah dilunasi"}
SERVICES = {"business_license": "Perizinan berusaha", "tender_permit": "Izin mengikuti tender",
            "foreign_worker_permit": "Izin mempekerjakan tenaga kerja asing",
            "labor_provider_permit": "Izin perusahaan penyedia jasa pekerja/buruh",
            "construction_company_permit": "Izin usaha jasa konstruksi", "building_approval": "Persetujuan bangunan"}
STATES = {"open": "Dibuka", "commitment": "Menunggu pemenuhan surat pernyataan", "warned": "Teguran diberikan",
          "fined": "Denda dikenakan", "sanction_requested": "Dibuka — sanksi tidak mendapat pelayanan publik diusulkan",
          "imposed": "Sanksi dikenakan", "lifted": "Sanksi dicabut", "rejected": "Ditolak",
          "resolved": "Selesai (kewajiban dipenuhi)"}
STEPS = {"warning": "Teguran tertulis", "fine": "Denda administratif", "commitment": "Surat pernyataan kesanggupan",
         "tmp2t_request": "Permintaan sanksi tidak mendapat pelayanan publik tertentu"}
ACTIONS = {"open": "Kasus dibuka", "join": "Temuan ditambahkan", "evidence": "Bukti dicatat",
           "impose": "Pengenaan sanksi", "reject": "Penolakan", "escalate": "Naik tahap", "lift": "Pencabutan sanksi",
           "resolve": "Penyelesaian"}
OUTCOMES = {"imposed": "sanksi dikenakan", "refused": "ditolak, syarat belum lengkap", "lifted": "sanksi dicabut",
            "no_change": "belum ada perubahan", "opened": "dibuka", "joined": "digabung", "rejected": "ditolak",
            "resolved": "selesai", "open": "dibuka", "sanction_requested": "sanksi diusulkan",
            "still_imposed": "sanksi masih berlaku"}
ACTS = {"sanction.impose": "Pengenaan sanksi", "sanction.lift": "Pencabutan sanksi",
        "decree.issue": "Keputusan penerima",
        "budget.amend": "Perubahan pagu", "payment.record": "Pembayaran", "aid.end": "Penghentian bantuan"}
PROJECT_STATUSES = {"pending": "Belum didaftarkan (masih dalam batas waktu)", "on_time": "Didaftarkan tepat waktu",
                    "late": "Terlambat"}
CONSTRUCTION_FUNDING = {"apbn": "APBN", "apbd": "APBD", "private": "Swasta", "individual": "Perseorangan",
                        "foreign_aid": "Bantuan/pinjaman luar negeri"}
# Complaints (docs/API.md §15): the stages' labels come from the registry's vocabulary; these are the
# fallbacks and the words of the timeline and the decision.
COMPLAINT_STAGES = {"received": "Diterima", "in_progress": "Ditindaklanjuti", "answered": "Dijawab",
                    "closed": "Selesai"}
COMPLAINT_DECISIONS = {"upheld": "Pengaduan diterima (terbukti)", "rejected": "Pengaduan ditolak",
                       "referred": "Diteruskan ke instansi berwenang"}
COMPLAINT_ENTRIES = {"received": "Pengaduan diterima", "assigned": "Diteruskan kepada petugas", "note": "Catatan",
                     "decided": "Diputuskan", "escalated": "Melewati batas waktu, dinaikkan", "closed": "Ditutup"}
