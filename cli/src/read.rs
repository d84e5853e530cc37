//! `facturier read`: a received invoice (Factur-X / ZUGFeRD PDF, CII or UBL XML) → a summary
//! (seller, buyer, number, dates, totals, lines, findings) or the whole parsed invoice as JSON.

use std::fmt::Write as _;

use facturier_einvoice::{Finding, ReceivedInvoice, read_invoice, validate};
use serde::Serialize;

use crate::CliError;

/// What `read --json` prints: the parsed invoice and its findings.
#[derive(Debug, Serialize)]
pub struct ReadOutput {
    /// The invoice as read.
    pub invoice: ReceivedInvoice,
    /// Every finding of [`validate`].
    pub findings: Vec<Finding>,
}

/// Reads and validates the file's bytes.
pub fn read(bytes: &[u8]) -> Result<ReadOutput, CliError> {
    let invoice = read_invoice(bytes)?;
    let findings = validate(&invoice);
    Ok(ReadOutput { invoice, findings })
}

fn amount(a: Option<rust_decimal::Decimal>, currency: &str) -> String {
    a.map_or_else(|| "-".to_owned(), |a| format!("{a} {currency}"))
}

/// The human summary of a read invoice.
pub fn text(out: &ReadOutput) -> String {
    let i = &out.invoice;
    let t = &i.totals;
    let c = i.currency.as_str();
    let date = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "-".to_owned(), |d| d.format("%Y-%m-%d").to_string());
    let ids = |p: &facturier_einvoice::model::Party| {
        let mut v = Vec::new();
        if let Some(s) = p.siren() {
            v.push(format!("SIREN {s}"));
        }
        if let Some(vat) = &p.vat_number {
            v.push(format!("VAT {vat}"));
        }
        if v.is_empty() { String::new() } else { format!(" ({})", v.join(", ")) }
    };
    let mut s = String::new();
    let _ = writeln!(s, "Invoice {} ({:?}, type {}, {})", i.number, i.syntax, i.type_code, i.specification);
    let _ = writeln!(s, "  seller     {}{}", i.seller.name, ids(&i.seller));
    let _ = writeln!(s, "  buyer      {}{}", i.buyer.name, ids(&i.buyer));
    let _ = writeln!(s, "  issued     {}   due {}", date(i.issue_date), date(i.due_date));
    let _ = writeln!(s, "  lines      {}", i.lines.len());
    let _ = writeln!(s, "  net        {}", amount(Some(t.tax_basis_total), c));
    let _ = writeln!(s, "  VAT        {}", amount(t.vat_total, c));
    let _ = writeln!(s, "  total      {}", amount(Some(t.grand_total), c));
    let _ = writeln!(s, "  due        {}", amount(Some(t.due), c));
    s.push_str(&findings_text(&out.findings));
    s
}

/// The findings, one per line with rule, level, location and message.
pub fn findings_text(findings: &[Finding]) -> String {
    let mut s = String::new();
    if findings.is_empty() {
        s.push_str("  findings   none\n");
    } else {
        let _ = writeln!(s, "  findings   {}", findings.len());
        for f in findings {
            let _ = writeln!(s, "    {:<14} {:<8} {:<28} {}", f.rule, format!("{:?}", f.level).to_lowercase(), f.location, f.message);
        }
    }
    s
}
