//! What a seller writes: invoice drafts, quotes, issued invoices, deposits and final invoices,
//! credit notes, their numbering, and the legal checks and mentions they must pass and carry.
//!
//! The import order runs one way: [`draft`] (the editable invoice) is checked by [`legal`] and
//! given its [`mentions`]; [`invoice`] issues a draft against [`numbering`]; [`deposit`] and
//! [`credit_note`] derive new drafts from issued invoices; [`quote`] converts into all of them.
//! [`version`] numbers the rules an issued invoice is computed with, below them all.

pub mod credit_note;
pub mod deposit;
pub mod draft;
pub mod invoice;
pub mod legal;
pub mod mentions;
pub mod numbering;
pub mod quote;
pub mod quote_status;
pub mod version;
