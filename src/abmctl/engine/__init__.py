"""The business facts, each defined once and asked by every rule and report.

Pure functions of the registry, the activity and the as-of date: no I/O, no printing.

- `activity`: activity rows and their types; `signals`: qualifying signals, crossings, intent;
- `timeline`: one account's rows as of a date, its crossings, and when a meeting was booked;
- `followup`: the SLA after a crossing or meeting, and an account's handoff moments;
- `motion`: whether an account is off the active motion (at a moment);
- `owners`: routing, who decides a conflict, required owners, AE caps;
- `standing`: an account's scores against a tier's keep and promote thresholds;
- `cadence`: whether a partner agreement's sync is overdue;
- `windows`: review windows and reporting periods; `domains`: matching rows to accounts.
"""
