"""Fees and delivery (level 4, fully online): fee schedules, VietQR transfers, bank reconciliation, a payment
gateway, signed fee receipts, and results delivered by post or online."""
