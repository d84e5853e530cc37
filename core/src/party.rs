//! The parties to a document: the seller (with its legal identity) and the buyer.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A postal address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    /// Street line.
    pub line1: String,
    /// Second street line (building, floor…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    /// Postal code.
    pub postal_code: String,
    /// City.
    pub city: String,
    /// ISO 3166-1 alpha-2 country code; `FR` by default.
    #[serde(default = "fr")]
    pub country: String,
}

fn fr() -> String {
    "FR".to_owned()
}

/// How the seller accounts for VAT.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VatRegime {
    /// Normal regime; VAT on services due at encashment.
    #[default]
    Normal,
    /// Franchise en base (CGI 293 B): no VAT charged, mention required (CGI 293 E).
    Franchise,
    /// Normal regime with the option to pay VAT on debits (CGI 269-2-c), mention 11° bis.
    Debits,
}

/// Company size, which dates the e-invoicing reform mentions (décret 2024-266, LF 2024 art. 91).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CompanySize {
    /// Grande entreprise.
    Large,
    /// Entreprise de taille intermédiaire (ETI).
    Intermediate,
    /// PME.
    #[default]
    Sme,
    /// Micro-entreprise.
    Micro,
}

/// The seller: the business issuing the document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Seller {
    /// Legal name (dénomination sociale) or, for a sole trader, first and last name.
    pub name: String,
    /// Legal form (SAS, SARL, SA…); required for companies (C. com. R123-238).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_form: Option<String>,
    /// Share capital in the document currency (C. com. R123-238), for companies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_capital: Option<Decimal>,
    /// SIREN (9 digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siren: Option<String>,
    /// SIRET of the issuing establishment (14 digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siret: Option<String>,
    /// City of the RCS registry (greffe), e.g. `Lyon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rcs_city: Option<String>,
    /// Intra-EU VAT number, e.g. `FR40303265045`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_number: Option<String>,
    /// Registered office address.
    pub address: Address,
    /// IBAN for transfers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iban: Option<String>,
    /// BIC of the bank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
    /// Sole trader (entrepreneur individuel): the "EI" mention is required (décret 2022-725).
    #[serde(default)]
    pub individual_entrepreneur: bool,
    /// VAT regime.
    #[serde(default)]
    pub vat_regime: VatRegime,
    /// Company size, which dates the reform mentions.
    #[serde(default)]
    pub company_size: CompanySize,
    /// Contact e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl Seller {
    /// The name as printed: with the "EI" mention for a sole trader (décret 2022-725, C. com. R526-26).
    pub fn display_name(&self) -> String {
        if self.individual_entrepreneur && !has_ei_mention(&self.name) { format!("{} EI", self.name) } else { self.name.clone() }
    }
}

/// True when `name` already carries "EI" or "Entrepreneur individuel" as words.
pub fn has_ei_mention(name: &str) -> bool {
    name.split(|c: char| !c.is_alphanumeric()).any(|w| w == "EI") || name.to_lowercase().contains("entrepreneur individuel")
}

/// Whether the buyer acts as a business, a public entity or a consumer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BuyerKind {
    /// A business (B2B): full commercial mentions apply (C. com. L441-9).
    #[default]
    Business,
    /// A public entity (B2G): public procurement payment rules apply (CCP R2192-10 ff.).
    Public,
    /// A consumer or non-professional (B2C).
    Consumer,
}

/// The buyer (client).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Buyer {
    /// Business, public entity or consumer.
    #[serde(default)]
    pub kind: BuyerKind,
    /// Name (legal name or person's name).
    pub name: String,
    /// SIREN, required on invoices to businesses from the reform dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siren: Option<String>,
    /// SIRET of the establishment invoiced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siret: Option<String>,
    /// Intra-EU VAT number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_number: Option<String>,
    /// Billing address.
    pub address: Address,
    /// Delivery address when different from the billing address (242 nonies A, I-7° bis).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_address: Option<Address>,
    /// Contact e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

impl Buyer {
    /// True for a business or public buyer (the B2B rules of the Code de commerce apply).
    pub fn is_professional(&self) -> bool {
        !matches!(self.kind, BuyerKind::Consumer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ei_mention() {
        let mut s = Seller { name: "Jeanne Martin".into(), individual_entrepreneur: true, ..Default::default() };
        assert_eq!(s.display_name(), "Jeanne Martin EI");
        s.name = "Jeanne Martin (EI)".into();
        assert_eq!(s.display_name(), "Jeanne Martin (EI)");
        assert!(!has_ei_mention("SEIN"));
    }
}
