//! The `facturier` command line, as a library so that its commands are testable.

pub mod accounting;
pub mod audit;
pub mod check;
pub mod contracts;
pub mod demo;
pub mod entries;
pub mod error;
pub mod export;
pub mod facturx;
pub mod fec;
pub mod mrr;
pub mod read;
pub mod receivables;
pub mod render;
pub mod rules;
pub mod validate;

pub use error::CliError;
