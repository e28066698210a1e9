"""Two-person control (maker–checker, docs/API.md §14): plumbing shared by the services that own
controlled acts. `policy` (approvals.yaml), `machine` (pure state machine), `tables` (the
proposals table), `acts` + `flow` (propose, decide, withdraw, execute), `views` (HTTP)."""
