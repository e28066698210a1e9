-- One database per service (each service owns its tables and migrations), and one for
-- operations (the scheduler's record of job runs, shared/ops).
CREATE DATABASE lindung_registry;
CREATE DATABASE lindung_eligibility;
CREATE DATABASE lindung_contribution_aid;
CREATE DATABASE lindung_sanctions;
CREATE DATABASE lindung_reporting;
CREATE DATABASE lindung_ops;
