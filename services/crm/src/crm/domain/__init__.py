"""CRM's business rules: pure Python, no framework.

Aggregates: `FollowUp` (follow_up.py) and `Complaint` (complaints.py); the callable list's
projections (callable_list.py); CSI arithmetic (csi.py) and report periods (reports.py).
"""
