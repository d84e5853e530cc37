//! The parties to a document: the seller (with its legal identity) and the buyer.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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

impl Default for Address {
    /// An empty address in France, as the JSON reads one without `country`.
    fn default() -> Self {
        Address { line1: String::new(), line2: None, postal_code: String::new(), city: String::new(), country: fr() }
    }
}

/// An electronic address where a party receives invoices (EN 16931 BT-34 seller / BT-49
/// buyer): an identifier and the scheme (EAS code list) it belongs to. In France the address is
/// the one registered in the directory of the reform (annuaire), scheme `0225`, starting with
/// the SIREN (FNFE BR-FR-12/13, BR-FR-21/22).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ElectronicAddress {
    /// The EAS scheme code, e.g. `0225` (French directory), `0009` (SIRET), `EM` (e-mail).
    pub scheme: String,
    /// The address in that scheme, e.g. `813883964` or `813883964_FACTURES`.
    pub id: String,
}

/// The French directory's EAS scheme (FNFE BR-FR-21/22).
pub const FRENCH_DIRECTORY_SCHEME: &str = "0225";

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

/// The trade register a business is entered in, printed after its SIREN on every business
/// paper (C. com. R123-237 1° and 2°). JSON: `{"register": "rcs", "city": "Lyon"}`,
/// `{"register": "rm", "department": "69"}` or `{"register": "none"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "register", rename_all = "snake_case", deny_unknown_fields)]
pub enum Registration {
    /// Registre du commerce et des sociétés: "RCS" and the city of the greffe (C. com. R123-237 2°).
    Rcs {
        /// City of the greffe, e.g. `Lyon`.
        city: String,
    },
    /// Répertoire des métiers (artisans, now part of the RNE): "RM" and the department of the
    /// chamber of trades (C. com. R123-237 2°; décret 98-247 art. 9).
    Rm {
        /// The department of registration, e.g. `69` or `Rhône`.
        department: String,
    },
    /// Entered in no trade register: liberal professions, associations, most micro-entrepreneurs.
    None,
}

/// The wire form of [`Registration`]: serde ignores unknown fields next to the tag of a unit
/// variant, so `none` is an empty struct variant here to reject them.
#[derive(Deserialize)]
#[serde(tag = "register", rename_all = "snake_case", deny_unknown_fields)]
enum RegistrationRepr {
    Rcs { city: String },
    Rm { department: String },
    None {},
}

impl<'de> Deserialize<'de> for Registration {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        Ok(match RegistrationRepr::deserialize(deserializer)? {
            RegistrationRepr::Rcs { city } => Registration::Rcs { city },
            RegistrationRepr::Rm { department } => Registration::Rm { department },
            RegistrationRepr::None {} => Registration::None,
        })
    }
}

/// What kind of person the seller is, which decides the identity mentions of its business
/// papers (C. com. R123-237, R123-238). An individual entrepreneur is flagged apart
/// ([`Seller::individual_entrepreneur`]), whatever this says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    /// A company (société, commerciale or civile): legal form and share capital (C. com. R123-238),
    /// registered at the RCS (C. com. L123-1).
    #[default]
    Company,
    /// An association: no share capital; registered at the RCS only if it chose to be.
    Association,
    /// Another legal person without share capital (GIE, foundation, public establishment…).
    Other,
}

/// Who runs the seller's business when it is not its owner (C. com. R123-237: "le cas échéant,
/// la qualité de locataire-gérant ou de gérant-mandataire").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Management {
    /// Locataire-gérant (C. com. L144-1): runs a business it leases.
    LocataireGerant,
    /// Gérant-mandataire (C. com. L146-1): runs a business for its owner.
    GerantMandataire,
}

/// The seller: the business issuing the document.
///
/// JSON written before rules v2 gave the RCS city as `rcs_city`; it is still read, as
/// `registration: {"register": "rcs", "city": …}`, so archived documents stay readable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "SellerData")]
pub struct Seller {
    /// Legal name (dénomination sociale) or, for a sole trader, first and last name.
    pub name: String,
    /// Company, association or other legal person; a company by default.
    #[serde(default, skip_serializing_if = "is_default")]
    pub entity: Entity,
    /// Legal form (SAS, SARL, SCOP SA, Association loi 1901…); required for companies (C. com. R123-238).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_form: Option<String>,
    /// Share capital in the document currency (C. com. R123-238), for companies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_capital: Option<Decimal>,
    /// A company with variable capital: "à capital variable" is printed and the amount is
    /// optional (C. com. L231-1 ff.).
    #[serde(default, skip_serializing_if = "is_false")]
    pub variable_capital: bool,
    /// SIREN (9 digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siren: Option<String>,
    /// SIRET of the issuing establishment (14 digits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siret: Option<String>,
    /// The trade register it is entered in, or none (C. com. R123-237 2°): required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration: Option<Registration>,
    /// Intra-EU VAT number, e.g. `FR40303265045`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vat_number: Option<String>,
    /// Registered office address (siège).
    pub address: Address,
    /// Billing address, when different from the address (C. com. L441-9 I).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Address>,
    /// IBAN for transfers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iban: Option<String>,
    /// BIC of the bank.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
    /// Sole trader (entrepreneur individuel): the "EI" mention is required (décret 2022-725).
    #[serde(default)]
    pub individual_entrepreneur: bool,
    /// Runs the business as locataire-gérant or gérant-mandataire (C. com. R123-237).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management: Option<Management>,
    /// In liquidation: "société en liquidation" and the liquidator's name on every document
    /// (C. com. L237-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liquidation: Option<Liquidation>,
    /// VAT regime.
    #[serde(default)]
    pub vat_regime: VatRegime,
    /// Company size, which dates the reform mentions.
    #[serde(default)]
    pub company_size: CompanySize,
    /// Contact e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Where it receives electronic invoices (EN 16931 BT-34); `0225` + its SIREN when absent
    /// ([`Seller::electronic_address_or_default`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electronic_address: Option<ElectronicAddress>,
}

/// A seller in liquidation (C. com. L237-2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Liquidation {
    /// Name of the liquidator(s).
    pub liquidator: String,
}

/// The JSON of a [`Seller`], with the `rcs_city` of rules v1 documents.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SellerData {
    name: String,
    #[serde(default)]
    entity: Entity,
    #[serde(default)]
    legal_form: Option<String>,
    #[serde(default)]
    share_capital: Option<Decimal>,
    #[serde(default)]
    variable_capital: bool,
    #[serde(default)]
    siren: Option<String>,
    #[serde(default)]
    siret: Option<String>,
    #[serde(default)]
    registration: Option<Registration>,
    /// Deprecated: the RCS city of documents written before rules v2; use `registration`.
    #[serde(default)]
    #[schemars(extend("deprecated" = true))]
    rcs_city: Option<String>,
    #[serde(default)]
    vat_number: Option<String>,
    address: Address,
    #[serde(default)]
    billing_address: Option<Address>,
    #[serde(default)]
    iban: Option<String>,
    #[serde(default)]
    bic: Option<String>,
    #[serde(default)]
    individual_entrepreneur: bool,
    #[serde(default)]
    management: Option<Management>,
    #[serde(default)]
    liquidation: Option<Liquidation>,
    #[serde(default)]
    vat_regime: VatRegime,
    #[serde(default)]
    company_size: CompanySize,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    electronic_address: Option<ElectronicAddress>,
}

impl TryFrom<SellerData> for Seller {
    type Error = String;

    fn try_from(d: SellerData) -> Result<Self, String> {
        let registration = match (d.registration, d.rcs_city) {
            (r, None) => r,
            (None, Some(city)) => Some(Registration::Rcs { city }),
            (Some(_), Some(_)) => return Err("give `registration` only (`rcs_city` is its former spelling)".to_owned()),
        };
        Ok(Seller {
            name: d.name,
            entity: d.entity,
            legal_form: d.legal_form,
            share_capital: d.share_capital,
            variable_capital: d.variable_capital,
            siren: d.siren,
            siret: d.siret,
            registration,
            vat_number: d.vat_number,
            address: d.address,
            billing_address: d.billing_address,
            iban: d.iban,
            bic: d.bic,
            individual_entrepreneur: d.individual_entrepreneur,
            management: d.management,
            liquidation: d.liquidation,
            vat_regime: d.vat_regime,
            company_size: d.company_size,
            email: d.email,
            electronic_address: d.electronic_address,
        })
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_default<T: Default + PartialEq>(t: &T) -> bool {
    *t == T::default()
}

impl Seller {
    /// The name as printed: with the "EI" mention for a sole trader (décret 2022-725, C. com. R526-26).
    pub fn display_name(&self) -> String {
        if self.individual_entrepreneur && !has_ei_mention(&self.name) { format!("{} EI", self.name) } else { self.name.clone() }
    }

    /// True for a company, whose papers state its legal form and share capital (C. com.
    /// R123-238): not an individual entrepreneur, nor an association or other legal person.
    pub fn is_company(&self) -> bool {
        !self.individual_entrepreneur && self.entity == Entity::Company
    }

    /// Its electronic address (BT-34): the one given, else the French directory's address of
    /// its SIREN (`0225`, FNFE BR-FR-13/22), else none.
    pub fn electronic_address_or_default(&self) -> Option<ElectronicAddress> {
        default_address(&self.electronic_address, &self.siren)
    }

    /// The RCS city, when the seller is registered at the RCS.
    pub fn rcs_city(&self) -> Option<&str> {
        match &self.registration {
            Some(Registration::Rcs { city }) => Some(city),
            _ => None,
        }
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
    /// Address (the buyer's establishment; also its billing address unless `billing_address` is given).
    pub address: Address,
    /// Billing address, when different from the address (C. com. L441-9 I).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub billing_address: Option<Address>,
    /// Delivery address when different from the billing address (242 nonies A, I-7° bis).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_address: Option<Address>,
    /// For a public buyer, which kind of public body, which sets its payment period (CCP
    /// R2192-10, R2192-11); an administration (30 days) when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_body: Option<PublicBody>,
    /// Contact e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Where it receives electronic invoices (EN 16931 BT-49); `0225` + its SIREN when absent
    /// ([`Buyer::electronic_address_or_default`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electronic_address: Option<ElectronicAddress>,
}

/// The address given, else the French directory's address of the SIREN.
fn default_address(given: &Option<ElectronicAddress>, siren: &Option<String>) -> Option<ElectronicAddress> {
    given.clone().or_else(|| siren.as_ref().map(|s| ElectronicAddress { scheme: FRENCH_DIRECTORY_SCHEME.to_owned(), id: s.clone() }))
}

/// The kind of a public buyer, which sets the longest payment period it may have.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PublicBody {
    /// The State, local authorities and their administrative public establishments: 30 days (CCP R2192-10).
    #[default]
    Administration,
    /// Public health establishments and the armed forces' health service: 50 days (CCP R2192-11 1°).
    Health,
    /// Public companies (entreprises publiques): 60 days (CCP R2192-11 2°).
    PublicCompany,
}

impl PublicBody {
    /// The longest payment period, in days from receipt of the payment request (CCP R2192-10 to R2192-12).
    pub fn max_payment_days(self) -> u32 {
        match self {
            PublicBody::Administration => 30,
            PublicBody::Health => 50,
            PublicBody::PublicCompany => 60,
        }
    }

    /// The article that sets the period.
    pub fn source(self) -> &'static str {
        match self {
            PublicBody::Administration => "CCP R2192-10 (30 jours)",
            PublicBody::Health => "CCP R2192-11 1° (50 jours)",
            PublicBody::PublicCompany => "CCP R2192-11 2° (60 jours)",
        }
    }
}

/// Countries (ISO 3166-1) whose businesses are identified by a SIREN: metropolitan France and the
/// overseas departments and collectivities where INSEE's register applies (Guadeloupe,
/// Martinique, Guyane, La Réunion, Mayotte, Saint-Pierre-et-Miquelon, Saint-Barthélemy,
/// Saint-Martin; C. com. R123-220 ff.). New Caledonia, French Polynesia and Wallis-et-Futuna keep
/// registers of their own (RIDET, numéro TAHITI) and are not listed.
pub const SIREN_COUNTRIES: &[&str] = &["FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF"];

impl Buyer {
    /// True for a business or public buyer (the B2B rules of the Code de commerce apply).
    pub fn is_professional(&self) -> bool {
        !matches!(self.kind, BuyerKind::Consumer)
    }

    /// True when the buyer is established where businesses have a SIREN ([`SIREN_COUNTRIES`]).
    pub fn is_established_in_france(&self) -> bool {
        SIREN_COUNTRIES.contains(&self.address.country.as_str())
    }

    /// Its electronic address (BT-49): the one given, else the French directory's address of
    /// its SIREN (`0225`, FNFE BR-FR-12/21), else the e-mail of a consumer (`EM`), else none.
    pub fn electronic_address_or_default(&self) -> Option<ElectronicAddress> {
        default_address(&self.electronic_address, &self.siren)
            .or_else(|| self.email.as_ref().map(|e| ElectronicAddress { scheme: "EM".to_owned(), id: e.clone() }))
    }

    /// The longest payment period of a public buyer, in days from receipt of the payment request.
    pub fn public_payment_days(&self) -> u32 {
        self.public_body.unwrap_or_default().max_payment_days()
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
