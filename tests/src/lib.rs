//! Cross-crate and golden tests of facturier live in `tests/tests/`.
