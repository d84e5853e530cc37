//! The e-invoice operations' glue (`facturier-einvoice`): the Factur-X profile as the table reads it.

use facturier_einvoice::Profile;

use crate::error::Error;
use crate::table::Args;

/// The `profile` argument: `en16931`, `basic-wl`, `basic`, `minimum` or `extended`
/// ([`Profile::parse`]: case, `-` and `_` ignored), else `parse` at `profile`.
pub fn profile(a: &mut Args) -> Result<Profile, Error> {
    let name: String = a.get("profile")?;
    Profile::parse(&name).ok_or_else(|| {
        let message = format!("{name:?} is none of the Factur-X profiles en16931, basic-wl, basic, minimum, extended");
        Error::input_value("profile", &message)
    })
}
