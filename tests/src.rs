//! Cross-crate tests of facturier (see `tests/`).
