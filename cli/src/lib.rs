//! The `facturier` command line, as a library so that its commands are testable.

pub mod check;
pub mod contracts;
pub mod demo;
pub mod error;
pub mod mrr;
pub mod receivables;
pub mod render;
pub mod rules;

pub use error::CliError;
