//! Shared parts of facturier's fuzz targets: the body of each target ([`targets`]), the
//! generators of structure-aware inputs ([`leaf`], [`edit`], [`inputs`]), the seed documents
//! ([`seeds`]) and the operations run on whatever parses, with the properties that hold of their
//! results ([`ops`]).
//!
//! The invariant every target checks: whatever the bytes, the core returns a value or a typed
//! `CoreError` (never `internal`), in bounded time and memory. libFuzzer's `-timeout` and
//! `-rss_limit_mb` turn a hang or a blow-up into a failure; a panic is a crash.

pub mod edit;
pub mod inputs;
pub mod leaf;
#[cfg(feature = "render")]
pub mod literal;
pub mod ops;
pub mod pools;
pub mod targets;

/// The seed documents of the structure-aware targets: the repository's examples and a few
/// hand-made ones (`fuzz/seeds/`), parsed once.
pub mod seeds {
    use std::sync::OnceLock;

    use serde_json::Value;

    fn parse(texts: &[&str]) -> Vec<Value> {
        texts.iter().filter_map(|t| serde_json::from_str(t).ok()).collect()
    }

    /// Invoice drafts.
    pub fn drafts() -> &'static [Value] {
        static V: OnceLock<Vec<Value>> = OnceLock::new();
        V.get_or_init(|| {
            parse(&[
                include_str!("../../examples/invoice-draft.json"),
                include_str!("../../examples/invoice-draft-studio.json"),
                include_str!("../../examples/invoice-draft-invalid.json"),
                include_str!("../seeds/draft-franchise-consumer.json"),
                include_str!("../seeds/draft-usd-reverse-charge.json"),
                include_str!("../seeds/draft-public.json"),
            ])
        })
    }

    /// Quote contents.
    pub fn quotes() -> &'static [Value] {
        static V: OnceLock<Vec<Value>> = OnceLock::new();
        V.get_or_init(|| parse(&[include_str!("../../examples/quote-v1.json"), include_str!("../../examples/quote-v2.json")]))
    }
}
