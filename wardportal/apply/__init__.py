"""Online submission: apply for a procedure, check and submit, receipts, and signature verification."""
