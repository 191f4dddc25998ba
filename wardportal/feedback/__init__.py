"""Residents' feedback (phản ánh, kiến nghị): the public form and answers, the staff handling."""
