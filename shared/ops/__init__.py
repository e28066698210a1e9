"""Operations plumbing of a deployment: the scheduler of periodic jobs, encrypted backups and
restore, and the first-day secrets (docs/OPERATIONS.md)."""
