//! What the CLI tests share: the built binary run from the repository's root, its output as
//! text, and the golden-file comparison (`UPDATE_GOLDEN=1` rewrites the files).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's root, where the examples and golden files are.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

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

/// `actual` against the golden file at `path`; `UPDATE_GOLDEN=1` writes it instead.
pub fn compare(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e} (run with UPDATE_GOLDEN=1)", path.display()));
    assert!(expected == actual, "{} differs from the golden file (run with UPDATE_GOLDEN=1 and review the diff)", path.display());
}
