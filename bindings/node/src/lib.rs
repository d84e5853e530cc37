//! facturier's Node binding (in progress).
