//! Present only so that the build-dependencies below take part in host feature unification.
fn main() {}
