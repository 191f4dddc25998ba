"""Dossiers (hồ sơ): online and counter submission, the one-stop workflow and its row locks, codes and status
codes, queries, receipts and slips, deadlines and the acceptance clock, processing time, the applicant's files
and second factor. Other capabilities react to a dossier through `signals`."""
