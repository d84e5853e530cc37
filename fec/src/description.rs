//! The description file the law asks for beside the FEC (A47 A-1 XI): the meaning of every
//! field, the codes (journals, lettering convention, numbering), the charset, the separator and
//! the record layout, in French, for the auditor.

use std::fmt::Write as _;

use chrono::NaiveDate;

use crate::format::{AmountStyle, Column, Encoding, Regime, Separator};
use crate::writer::WriteOptions;

/// The name of the description file of `fec_name`: `SirenFECAAAAMMJJ-description.txt`.
pub fn description_file_name(fec_name: &str) -> String {
    let stem = fec_name.strip_suffix(".txt").or_else(|| fec_name.strip_suffix(".xml")).unwrap_or(fec_name);
    format!("{stem}-description.txt")
}

/// What a column holds, in French.
fn meaning(c: Column) -> &'static str {
    match c {
        Column::JournalCode => "Code du journal (alphanumérique)",
        Column::JournalLib => "Libellé du journal",
        Column::EcritureNum => "Numéro de l'écriture, sur une séquence continue attribuée à la validation",
        Column::EcritureDate => "Date de comptabilisation de l'écriture",
        Column::CompteNum => "Numéro de compte, dont les trois premiers caractères sont ceux du plan comptable général",
        Column::CompteLib => "Libellé du compte, conformément à la nomenclature du plan comptable général",
        Column::CompAuxNum => "Numéro de compte auxiliaire (client), vide si non utilisé",
        Column::CompAuxLib => "Libellé du compte auxiliaire, vide si non utilisé",
        Column::PieceRef => "Référence de la pièce justificative (numéro de facture, d'avoir, de règlement)",
        Column::PieceDate => "Date de la pièce justificative",
        Column::EcritureLib => "Libellé de l'écriture",
        Column::Debit => "Montant au débit",
        Column::Credit => "Montant au crédit",
        Column::EcritureLet => "Lettrage de l'écriture, vide si non utilisé",
        Column::DateLet => "Date de lettrage, vide si non utilisé",
        Column::ValidDate => "Date de validation de l'écriture",
        Column::Montantdevise => "Montant en devise, vide si non utilisé",
        Column::Idevise => "Identifiant de la devise (ISO 4217), vide si non utilisé",
        Column::DateRglt => "Date de règlement",
        Column::ModeRglt => "Mode de règlement",
        Column::NatOp => "Nature de l'opération, vide si non utilisé",
        Column::IdClient => "Identification du client, vide si non utilisé",
        Column::Montant => "Montant de la ligne",
        Column::Sens => "Sens du montant : D (débit) ou C (crédit)",
    }
}

/// The description file of a FEC written with `options` for `siren`'s fiscal year closing on
/// `closing`, with its `journals` (code, label) and any `extra` columns (name, meaning).
pub fn description(
    options: &WriteOptions,
    siren: &str,
    closing: NaiveDate,
    journals: &[(String, String)],
    extra: &[(String, String)],
) -> String {
    let mut s = String::new();
    let name = crate::format::file_name(siren, closing).unwrap_or_else(|_| format!("{siren}FEC{}.txt", closing.format("%Y%m%d")));
    let _ = writeln!(s, "Description du fichier des écritures comptables {name}");
    let _ = writeln!(s, "(article A47 A-1 du livre des procédures fiscales, XI)");
    let _ = writeln!(s);
    let _ = writeln!(s, "SIREN : {siren}");
    let _ = writeln!(s, "Date de clôture de l'exercice : {}", closing.format("%d/%m/%Y"));
    let regime = match options.regime {
        Regime::Bic => "BIC / IS, comptabilité commerciale (A47 A-1 VII)",
        Regime::BncBaCommercial => "BNC / BA en comptabilité commerciale (A47 A-1 VIII 3°)",
        Regime::BaTresorerie => "BA en comptabilité de trésorerie (A47 A-1 VIII 5°)",
        Regime::BncTresorerie => "BNC en comptabilité de trésorerie (A47 A-1 VIII 7°)",
    };
    let _ = writeln!(s, "Régime : {regime}");
    let _ = writeln!(s);
    let _ = writeln!(s, "Organisation du fichier");
    let charset = match options.encoding {
        Encoding::Utf8 => "UTF-8, sans marque d'ordre des octets (BOM)",
        Encoding::Iso8859_15 => "ISO 8859-15",
    };
    let sep = match options.separator {
        Separator::Tab => "tabulation",
        Separator::Pipe => "barre verticale « | »",
    };
    let _ = writeln!(s, "- Fichier à plat, à enregistrements de longueur variable, un enregistrement par ligne d'écriture.");
    let _ = writeln!(s, "- Jeu de caractères : {charset}.");
    let _ = writeln!(s, "- Séparateur de zones : {sep} ; fin d'enregistrement : CR LF.");
    let _ = writeln!(s, "- La première ligne contient le nom des zones.");
    let _ = writeln!(s, "- Montants : virgule décimale, deux décimales, sans séparateur de milliers, signe éventuel en tête.");
    let _ = writeln!(s, "- Dates : AAAAMMJJ.");
    let _ = writeln!(s, "- Les tabulations, barres verticales et retours à la ligne des libellés sont remplacés par des espaces.");
    let _ = writeln!(s, "- Ordre : écritures d'à-nouveaux en tête, puis par date de validation et numéro d'écriture.");
    let _ = writeln!(s, "- Sans écritures de centralisation ni écritures de clôture des comptes de gestion.");
    let _ = writeln!(s);
    let _ = writeln!(s, "Zones, dans l'ordre des enregistrements");
    for (i, c) in options.regime.columns(options.amounts).iter().enumerate() {
        let kind = if c.is_date() {
            "date"
        } else if c.is_amount() {
            "numérique"
        } else {
            "alphanumérique"
        };
        let _ = writeln!(s, "{:>2}. {} ({kind}) : {}", i + 1, c.name(), meaning(*c));
    }
    let mut n = options.regime.columns(options.amounts).len();
    for (name, what) in extra {
        n += 1;
        let _ = writeln!(s, "{n:>2}. {name} (zone supplémentaire) : {what}");
    }
    if options.amounts == AmountStyle::MontantSens {
        let _ = writeln!(s, "Les montants sont présentés en Montant et Sens (A47 A-1 VII 2°) : D pour débit, C pour crédit.");
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "Journaux");
    for (code, label) in journals {
        let _ = writeln!(s, "- {code} : {label}");
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "Conventions");
    let _ = writeln!(s, "- Numérotation : séquence continue attribuée à la validation de l'écriture (EcritureNum), jamais réattribuée ;");
    let _ = writeln!(s, "  un préfixe alphabétique éventuel désigne la séquence d'un journal.");
    let _ = writeln!(
        s,
        "- Lettrage : code alphabétique par compte et compte auxiliaire ; majuscules = lettrage complet (le groupe est soldé),"
    );
    let _ =
        writeln!(s, "  minuscules = lettrage partiel ; DateLet = date à laquelle le groupe a été lettré (dernière écriture du groupe).");
    let _ = writeln!(s, "- Comptes auxiliaires : renseignés sur les seules lignes des comptes de tiers (411).");
    let _ = writeln!(s, "- TVA sur les encaissements : la TVA des prestations de services sans option pour les débits est portée en");
    let _ = writeln!(s, "  attente (4457x en attente) et virée en TVA collectée à chaque encaissement (CGI 269-2-c).");
    s
}
