//! The e-invoice operations' glue (`facturier-einvoice`): a received invoice is handed to the
//! skins only when every date of it is one both languages hold.

use facturier_core::NaiveDate;
use facturier_core::dated::day;
use facturier_einvoice::EinvoiceError;
use facturier_einvoice::model::{Period, ReceivedInvoice};

use crate::error::Error;

/// The first and last days a date of a received invoice may be: the range of Python's
/// `datetime.date` (years 1 to 9999), which the four-digit years of EN 16931 dates fit.
const FIRST: NaiveDate = day(1, 1, 1);
const LAST: NaiveDate = day(9999, 12, 31);

/// The invoice `bytes` as `facturier_einvoice::read_invoice` reads it, refused with
/// `einvoice.value` when a date is out of years 1 to 9999 (a CII `00000101` reads as year 0,
/// which no Python `date` holds).
pub fn read(bytes: &[u8]) -> Result<ReceivedInvoice, Error> {
    let invoice = facturier_einvoice::read_invoice(bytes)?;
    let periods = |p: &Option<Period>, at: &str| -> Vec<(String, Option<NaiveDate>)> {
        p.iter().flat_map(|p| [(format!("{at}/start"), p.start), (format!("{at}/end"), p.end)]).collect()
    };
    let mut dates: Vec<(String, Option<NaiveDate>)> = vec![
        ("/BT-2".to_owned(), invoice.issue_date),
        ("/BT-9".to_owned(), invoice.due_date),
        ("/BT-72".to_owned(), invoice.delivery_date),
    ];
    dates.extend(periods(&invoice.period, "/BG-14"));
    for (i, r) in invoice.preceding_invoices.iter().enumerate() {
        dates.push((format!("/BG-3[{i}]/BT-26"), r.issue_date));
    }
    for (i, line) in invoice.lines.iter().enumerate() {
        dates.extend(periods(&line.period, &format!("/BG-25[{i}]/BG-26")));
    }
    for (path, date) in dates {
        if let Some(d) = date.filter(|d| *d < FIRST || *d > LAST) {
            let message = format!("the date {d} is out of the years 1 to 9999");
            return Err(Error::einvoice(&EinvoiceError::Value { path, message }));
        }
    }
    Ok(invoice)
}
