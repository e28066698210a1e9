"""The eligibility service: the five regulations as versioned, cited rules (rules/, profiles/).

Endpoints (all under /v1, X-API-Key; scope eligibility:evaluate unless noted, regency-limited):
  POST /evaluations            docs/API.md §5. Besides regency_code, scheme, as_of and applicant, the body
                               may carry `participant_id` (a registry participant): it is stored with
                               the audit row and sent in EligibilityDetermined (subject_ref
                               `participant:<id>`), so contribution aid can link an approval to the
                               participant. Without it the subject is `nik:<keyed blind index>`, or
                               `evaluation:<id>` when no NIK was given. No raw NIK is stored or sent.
  POST /required-programs      docs/API.md §6.
  POST /benefit-checks         {regency_code, as_of, benefit: jht|jp|jkp|jkk, ...}: cited checks.
  POST /rankings               candidates over the quota ordered by the scheme's criteria, with reasons.
  GET  /regulations[/{code}]   the profile in force: regulation, schemes, conditions, interpretations.
  GET  /citations?citation=    the profile data (file, key, line, owner) behind a rendered citation.
  POST /batch-evaluations      ?regency_code=&scheme=&as_of=[&format=csv|ndjson], raw CSV / NDJSON body
                               (batch/reading.py); 202 with a job the worker runs (batch/runner.py, shared/jobs).
  GET  /batch-evaluations/{id}[/results?format=csv|ndjson | /errors?offset=&limit=]
  POST /reverifications        scope eligibility:admin; {regency_code, as_of}: TTS Pasal 20 re-verification
                               of active aid recipients (recipient mirror built from registry events).
Jobs: `python -m eligibility worker` (relay, consumers and the batch runner), `reverify [--as-of]`
(quarterly, every regency with rules), `batch-runner` (the batch runner alone).
"""
