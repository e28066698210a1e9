"""Pure rules of the registry: no database, HTTP or Kafka here.

- `participants`: validate a registration (docs/API.md §7) against the regency's lists.
- `memberships`: membership history (start, termination, agreement with BPJS sync) as immutable records.
- `employers`: NIB/NPWP checks and the OSS/PTSP licensing-gap decision.
- `construction`: the SPK registration deadline and its status.
- `bpjs_sync`, `candidates`: streaming parsers for BPJS sync batches and DTKS/P3KE/Regsosek files.
- `bpjs_signature`: signing and verifying BPJS data-exchange requests.
- `participants_profile`, `registry_profile`: the regency profile parts these rules read.
"""
