//! Plain values of the fields, taken from the examples and the law's code lists: what a real
//! document holds, so that a generated one passes the checks unless the fuzzer says otherwise.

use crate::pool;

pool! {
    Names = ["Atelier Numérique", "Boulangerie Martin & Fils", "Studio Lumière", "Claire Dubois", "Ville de Villeurbanne", "SARL L'Étoile"];
    Descriptions = [
        "Conception du site vitrine (maquettes, intégration)",
        "Formation de l'équipe à l'outil d'édition",
        "Livre « Le pain au levain », 2e édition",
        "Hébergement et maintenance, 12 mois",
        "Remise commerciale",
        "Frais de déplacement",
    ];
    Ids = ["1", "2", "3", "4", "5", "10", "A-1"];
    Units = ["DAY", "HUR", "C62", "MON", "KGM", "H87"];
    Quantities = ["1", "6", "3.5", "12", "0.25", "1000", "0.0001", "-1", "0"];
    Prices = ["650.00", "90.00", "24.5", "29.90", "0.01", "1000000.00", "0.000001", "0", "-10.00"];
    Amounts = ["10.00", "45.00", "100", "0.01", "1000.00", "2400.00", "0", "-5.00", "999999999.99"];
    Percents = ["10", "30", "100", "0", "33.33", "50"];
    VatRates = ["20", "10", "5.5", "2.1", "0", "8.5", "13", "19.6"];
    Rates = ["12.15", "3", "10", "0", "100", "2.15", "0.0001"];
    Capital = ["10000.00", "1", "37000", "0"];
    UnitsPerEuro = ["1.0823", "0.8567", "161.23", "1", "0"];
}

/// Plain values of JSON members by their key (enumerations, identifiers, codes): what
/// [`crate::edit::Edit::Set`] writes with [`crate::edit::NewValue::Known`].
pub fn known(key: &str) -> &'static [&'static str] {
    match key {
        "kind" => &["standard", "deposit", "final", "credit_note", "business", "public", "consumer"],
        "currency" => &["EUR", "USD", "GBP", "CHF", "JPY", "XOF", "ZZZ", "eur", "EURO"],
        "territory" => &["metropole", "corse", "dom"],
        "country" => &["FR", "DE", "BE", "US", "GP", "RE", "ZZ", "fr", "FRA"],
        "vat_category" | "category" => &["S", "Z", "E", "AE", "K", "G", "O"],
        "vat_regime" => &["normal", "franchise", "debits"],
        "company_size" => &["large", "intermediate", "sme", "micro"],
        "entity" => &["company", "association", "other"],
        "management" => &["locataire_gerant", "gerant_mandataire"],
        "register" => &["rcs", "rm", "none"],
        "public_body" => &["administration", "health", "public_company"],
        "supply" => &["goods", "services"],
        "supply_category" => &["goods", "services", "mixed"],
        "type" => &["on_receipt", "net_days", "end_of_month"],
        "method" => &["days_then_end_of_month", "end_of_month_then_days"],
        "mode" => &["transfer", "card", "cheque", "cash", "direct_debit", "other"],
        "level" => &["courteous", "firm", "formal_notice", "custom"],
        "counted_from" => &["letter_date", "receipt"],
        "status" => &["draft", "sent", "accepted", "refused", "expired"],
        "siren" => &["813883964", "552100554", "429317159", "216903542", "000000000", "123456789", "8138 83964", "81388396"],
        "siret" => &["81388396400013", "55210055400013", "00000000000000", "813883964 00013"],
        "vat_number" => {
            &["FR11813883964", "FR96552100554", "fr11813883964", "FR 11 813883964", "DE123456789", "BE0123456789", "FR00000000000"]
        }
        "iban" => {
            &["FR7630004000031234567890143", "FR76 3000 4000 0312 3456 7890 143", "FR7630004000031234567890144", "DE89370400440532013000"]
        }
        "bic" => &["BNPAFRPPXXX", "BNPAFRPP", "bnpafrppxxx", "XXXX"],
        "postal_code" => &["69002", "75001", "97110", "20000", "6900", "ABCDE"],
        "email" => &["facturation@atelier-numerique.example", "not-an-email", "a@b"],
        "vatex" => &["VATEX-EU-AE", "VATEX-EU-IC", "VATEX-EU-G", "VATEX-EU-O", "VATEX-FR-FRANCHISE", "VATEX-EU-132-1I", "VATEX-XX"],
        "number" | "invoice" => &["F-2026-00001", "F-2026-00002", "F-2026-00042", "AV-2026-0001", "D-2026-0042", ""],
        "customer_id" => &["CUST-001", "CUST-002", "CUST-004", "552100554", ""],
        "pattern" => &["F-{YYYY}-{SEQ:5}", "AV-{YY}{MM}-{SEQ}", "{SEQ}", "F-{YYYY}-{SEQ:40}", "F {YYYY}", "{YYYY}{MM}{SEQ:1}"],
        "key" => &["late_penalty", "recovery_indemnity", "no_early_payment_discount", "franchise", "autoliquidation"],
        _ => &["", "x", "FR", "1"],
    }
}

/// Optional members a document may gain: (key of the object that holds it, `""` for the root;
/// the member's key; its JSON). [`crate::edit::Edit::Add`] inserts one where it fits.
pub const OPTIONAL: &[(&str, &str, &str)] = &[
    ("", "exchange_rate", r#"{"units_per_euro": "1.0823", "date": "2026-11-20", "source": "BCE"}"#),
    ("", "currency", r#""USD""#),
    ("", "territory", r#""dom""#),
    ("", "kind", r#""credit_note""#),
    ("", "allowances", r#"[{"amount": "50.00", "reason": "Remise fidélité", "vat_rate": "20"}]"#),
    ("", "charges", r#"[{"amount": "45.00", "reason": "Frais de déplacement", "vat_rate": "20"}]"#),
    ("", "exemptions", r#"[{"category": "E", "reason": "Exonération de TVA, art. 261-4-4° du CGI", "vatex": "VATEX-EU-132-1I"}]"#),
    ("", "late_payment_rate", r#""12.15""#),
    ("", "early_payment_discount", r#""2 % pour paiement sous 10 jours""#),
    ("", "purchase_order", r#""BC-2026-118""#),
    ("", "quote", r#"{"number": "D-2026-0042", "version": 2}"#),
    ("", "preceding_invoice", r#"{"number": "F-2026-00001", "issue_date": "2026-01-05", "kind": "deposit"}"#),
    (
        "",
        "deposits",
        r#"[{"number": "F-2026-00042", "issue_date": "2026-10-13", "groups": [{"category": "S", "rate": "20", "basis": "1000.00", "vat": "200.00"}]}]"#,
    ),
    ("", "prepaid_amount", r#""100.00""#),
    ("", "notes", r#"["Merci de votre confiance", "Règlement par virement"]"#),
    ("", "delivery_date", r#""2026-11-15""#),
    ("", "payment_terms", r#"{"type": "end_of_month", "days": 45, "method": "end_of_month_then_days"}"#),
    (
        "",
        "dunning",
        r#"{"steps": [{"level": "courteous", "kind": "courteous", "offset_days": -3}, {"level": "formal_notice", "kind": "formal_notice", "offset_days": 30, "payment_deadline_days": 8, "deadline_from": {"counted_from": "receipt", "presumed_delivery_days": 3}}]}"#,
    ),
    (
        "",
        "rates",
        r#"{"ecb_main_refinancing": {"changes": [{"effective_from": "2026-06-11", "rate": "2.00"}], "verified_until": "2026-12-31"}, "legal_interest": {"half_years": [{"half_year_from": "2026-07-01", "natural_person_rate": "6.5", "other_cases_rate": "2.9"}], "verified_until": "2026-12-31"}}"#,
    ),
    ("", "period", r#"{"from": "2026-01-01", "to": "2026-03-31"}"#),
    ("", "weighted_forecast", "true"),
    ("", "refunds", r#"[{"id": "REF-9", "customer_id": "CUST-001", "date": "2026-03-01", "amount": "10.00", "mode": "transfer"}]"#),
    ("", "reminders", r#"[{"invoice": "F-2026-00001", "level": "courteous", "date": "2026-02-01"}]"#),
    ("", "contractual_rate", r#""12.15""#),
    ("", "settlements", r#"[{"date": "2026-02-15", "amount": "100.00"}]"#),
    ("", "formal_notice", r#""2026-03-01""#),
    ("", "judgment_enforceable", r#""2026-04-01""#),
    ("seller", "billing_address", r#"{"line1": "BP 42", "postal_code": "69001", "city": "Lyon"}"#),
    ("seller", "management", r#""locataire_gerant""#),
    ("seller", "liquidation", r#"{"liquidator": "Me Dupont"}"#),
    ("seller", "variable_capital", "true"),
    ("seller", "individual_entrepreneur", "true"),
    ("seller", "entity", r#""association""#),
    ("seller", "registration", r#"{"register": "rm", "department": "69"}"#),
    ("seller", "vat_regime", r#""franchise""#),
    ("buyer", "public_body", r#""administration""#),
    ("buyer", "billing_address", r#"{"line1": "Service facturier", "postal_code": "69100", "city": "Villeurbanne"}"#),
    ("buyer", "delivery_address", r#"{"line1": "Quai 3", "postal_code": "69007", "city": "Lyon", "country": "FR"}"#),
    ("buyer", "kind", r#""consumer""#),
    ("buyer", "email", r#""compta@example.org""#),
    ("address", "line2", r#""Bâtiment B, 3e étage""#),
    ("lines", "discount", r#"{"amount": "5.00"}"#),
    ("lines", "supply", r#""goods""#),
    ("lines", "vat_category", r#""AE""#),
    ("invoices", "payment_request_received", r#""2026-01-20""#),
    ("invoices", "judgment_enforceable", r#""2026-02-01""#),
    ("payments", "allocations", r#"[{"invoice": "F-2026-00002", "amount": "100.00"}]"#),
    ("steps", "deadline_from", r#"{"counted_from": "receipt", "presumed_delivery_days": 3}"#),
];
