//! What the CLI tests share: the built binary run from the repository's root, its output as
//! text, and the golden-file comparison (`UPDATE_GOLDEN=1` rewrites the files).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output};

// the repository's root and the golden-file comparison, as the cross-crate tests have them
#[path = "../../../tests/tests/support/mod.rs"]
mod golden;
#[allow(unused_imports)] // not every test file compares goldens
pub use golden::{compare, root};

/// `facturier ARGS`, run from the repository's root.
pub fn facturier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_facturier")).args(args).current_dir(root()).output().unwrap()
}

/// What the command printed on stdout.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What the command printed on stderr.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
