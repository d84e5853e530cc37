//! Feature unification for the workspace (see Cargo.toml); no code.
