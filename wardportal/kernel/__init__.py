"""The kernel every capability stands on: time, request facts, text cleaning, file intake and storage,
signing and verification, HTTP headers, the database and extensions. It imports no capability."""
