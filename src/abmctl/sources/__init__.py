"""`abmctl signals`: the activity sources as a run reads them, for an ops lead to check a new
export before trusting it (report.py computes, render_*.py print)."""
