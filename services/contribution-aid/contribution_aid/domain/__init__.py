"""Pure rules of contribution aid (bantuan iuran): amounts, budgets, allocations, invoices,
releases, decrees, the Sambas palm-oil programme and accountability packs.

No database, HTTP or broker here: functions take facts and the regency's profile and return
decisions that explain themselves with citations. Dataclasses hold plain values (str, int,
date, tuples) so a later layer can persist them as they are.
"""
