"""Rules of the domain: status rules, DCV rules, CSR decoding, drafts and diffs. No UI imports."""
