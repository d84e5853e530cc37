//! facturier's Python binding (in progress).
