-- One database per service (each service owns its tables and migrations).
CREATE DATABASE lindung_registry;
CREATE DATABASE lindung_eligibility;
CREATE DATABASE lindung_contribution_aid;
CREATE DATABASE lindung_sanctions;
CREATE DATABASE lindung_reporting;
