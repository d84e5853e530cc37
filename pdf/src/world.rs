//! The in-memory Typst world: embedded fonts and templates, the document data on a stable
//! virtual path, nothing else (no file system, no network, no packages).

use std::time::Instant;

use typst::diag::{FileError, FileResult, PackageError};
use typst::engine::Checkpoint;
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::error::PdfError;

/// The embedded font files (Inter, SIL Open Font License 1.1, see `templates/fonts/OFL.txt`).
const FONTS: [&[u8]; 4] = [
    include_bytes!("../../templates/fonts/Inter-Regular.otf"),
    include_bytes!("../../templates/fonts/Inter-Italic.otf"),
    include_bytes!("../../templates/fonts/Inter-SemiBold.otf"),
    include_bytes!("../../templates/fonts/Inter-Bold.otf"),
];

/// The embedded templates: virtual path and source.
pub(crate) const TEMPLATES: [(&str, &str); 10] = [
    ("/lib.typ", include_str!("../../templates/lib.typ")),
    ("/quote.typ", include_str!("../../templates/quote.typ")),
    ("/invoice.typ", include_str!("../../templates/invoice.typ")),
    ("/deposit.typ", include_str!("../../templates/deposit.typ")),
    ("/final.typ", include_str!("../../templates/final.typ")),
    ("/credit-note.typ", include_str!("../../templates/credit-note.typ")),
    ("/reminder.typ", include_str!("../../templates/reminder.typ")),
    ("/statement.typ", include_str!("../../templates/statement.typ")),
    ("/chatel-letter.typ", include_str!("../../templates/chatel-letter.typ")),
    ("/revenue-report.typ", include_str!("../../templates/revenue-report.typ")),
];

/// Virtual path of the document data.
pub(crate) const DATA_PATH: &str = "/data.json";
/// Virtual path of an SVG logo.
pub(crate) const LOGO_SVG_PATH: &str = "/logo.svg";
/// Virtual path of a PNG logo.
pub(crate) const LOGO_PNG_PATH: &str = "/logo.png";
/// Virtual path of the Factur-X XML of a Factur-X PDF.
pub(crate) const FACTURX_PATH: &str = "/factur-x.xml";
/// Virtual path of a user template.
pub(crate) const USER_MAIN_PATH: &str = "/main.typ";

/// Interns a project path. The interner is global and never frees, so only the fixed paths
/// above are ever interned by this crate: once each, at [`Shared::new`].
fn file_id(path: &str) -> Result<FileId, PdfError> {
    let vpath = VirtualPath::new(path).map_err(|e| PdfError::Data { message: format!("virtual path {path}: {e:?}") })?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// The stable file ids of the world.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ids {
    pub data: FileId,
    pub logo_svg: FileId,
    pub logo_png: FileId,
    pub user_main: FileId,
    pub facturx: FileId,
}

/// What every compilation shares: built once per [`crate::Renderer`].
pub(crate) struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    /// The embedded templates (a handful: a vector is the fastest map).
    sources: Vec<Source>,
    pub ids: Ids,
}

impl Shared {
    pub fn new() -> Result<Shared, PdfError> {
        let fonts: Vec<Font> = FONTS.iter().flat_map(|data| Font::iter(Bytes::new(*data))).collect();
        if fonts.len() != FONTS.len() {
            return Err(PdfError::Font {
                diagnostics: vec![crate::error::Diagnostic {
                    file: String::new(),
                    line: 0,
                    column: 0,
                    message: format!("{} of {} embedded font files could be parsed", fonts.len(), FONTS.len()),
                }],
            });
        }
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        let mut sources = Vec::with_capacity(TEMPLATES.len());
        for (path, text) in TEMPLATES {
            sources.push(Source::new(file_id(path)?, text.to_owned()));
        }
        let ids = Ids {
            data: file_id(DATA_PATH)?,
            logo_svg: file_id(LOGO_SVG_PATH)?,
            logo_png: file_id(LOGO_PNG_PATH)?,
            user_main: file_id(USER_MAIN_PATH)?,
            facturx: file_id(FACTURX_PATH)?,
        };
        Ok(Shared { library: LazyHash::new(Library::builder().build()), book, fonts, sources, ids })
    }

    /// The first character of the render data `json` that no embedded font draws, with its
    /// byte offset: printed, it would be an empty box, not the data's text (a CJK or Hebrew
    /// letter, an emoji: the fonts are Latin, Greek and Cyrillic). Invisible characters (spaces,
    /// zero-width and bidi format characters) draw nothing and are not looked up; ASCII is
    /// always covered.
    pub fn undrawable(&self, json: &str) -> Option<(usize, char)> {
        json.char_indices().filter(|(_, c)| !c.is_ascii() && !facturier_core::text::is_invisible(*c)).find(|(_, c)| {
            let code = u32::from(*c);
            !self.fonts.iter().any(|f| f.info().coverage.contains(code))
        })
    }

    /// The embedded template at `path`.
    pub fn template(&self, path: &str) -> Option<Source> {
        self.sources.iter().find(|s| s.id().vpath().get_with_slash() == path).cloned()
    }

    fn source(&self, id: FileId) -> Option<&Source> {
        self.sources.iter().find(|s| s.id() == id)
    }
}

/// One compilation: the shared parts plus this document's main source, data and logo, and
/// the bounds on its work.
pub(crate) struct DocWorld<'a> {
    pub shared: &'a Shared,
    pub main: Source,
    pub data: Bytes,
    pub logo: Option<(FileId, Bytes)>,
    /// The Factur-X XML served at [`FACTURX_PATH`] (a Factur-X PDF only).
    pub facturx: Option<Bytes>,
    pub today: Datetime,
    pub budget: Budget,
}

/// The bounds on the work of one compilation, enforced at Typst's checkpoints.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    /// When the compilation must have ended.
    pub deadline: Option<Instant>,
    /// The most pages the document may have.
    pub max_pages: usize,
    /// The time the deadline allows (for the error message).
    pub time: std::time::Duration,
    /// The limit the deadline enforces: `template_time` or `render_time`.
    pub time_limit: &'static str,
}

/// Why a compilation was stopped: the payload it unwinds with from [`World::checkpoint`], caught
/// around the compilation (`Renderer::compile_here`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The deadline passed.
    Time,
    /// Layout found more pages than allowed (at least this many).
    Pages(usize),
    /// A table or grid spans more pages (or columns) than the document may have pages.
    Regions(usize),
}

/// Stops the compilation: unwinds to the `catch_unwind` around it, without the panic hook
/// (nothing is printed). Memoized functions that are unwound cache nothing.
fn stop(why: Stop) -> ! {
    std::panic::resume_unwind(Box::new(why))
}

impl DocWorld<'_> {
    fn not_found(id: FileId) -> FileError {
        if let VirtualRoot::Package(spec) = id.root() {
            return FileError::Package(PackageError::Other(Some(
                format!("packages are not available to facturier templates ({spec}): templates are self-contained").into(),
            )));
        }
        FileError::NotFound(id.vpath().get_with_slash().into())
    }

    /// The text of `id` when it is a source or the data, for mapping byte offsets to lines.
    pub fn text_of(&self, id: FileId) -> Option<String> {
        if let Ok(s) = self.source(id) {
            return Some(s.text().to_owned());
        }
        if id == self.shared.ids.data {
            return std::str::from_utf8(self.data.as_slice()).ok().map(str::to_owned);
        }
        None
    }
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        match self.shared.source(id) {
            Some(s) => Ok(s.clone()),
            None if id == self.shared.ids.data
                || self.logo.as_ref().is_some_and(|(l, _)| *l == id)
                || (id == self.shared.ids.facturx && self.facturx.is_some()) =>
            {
                Err(FileError::NotSource)
            }
            None => Err(Self::not_found(id)),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.shared.ids.data {
            return Ok(self.data.clone());
        }
        if let Some((logo, bytes)) = &self.logo
            && *logo == id
        {
            return Ok(bytes.clone());
        }
        if id == self.shared.ids.facturx
            && let Some(xml) = &self.facturx
        {
            return Ok(xml.clone());
        }
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.clone()));
        }
        match self.shared.source(id) {
            Some(s) => Ok(Bytes::from_string(s.clone())),
            None => Err(Self::not_found(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }

    /// Stops the compilation when it runs past its deadline or lays out too many pages (or a
    /// table over more pages or columns than the document may have pages).
    fn checkpoint(&self, at: Checkpoint) {
        match at {
            Checkpoint::Pages(pages) if pages > self.budget.max_pages => stop(Stop::Pages(pages)),
            Checkpoint::Regions(regions) if regions > self.budget.max_pages => stop(Stop::Regions(regions)),
            _ => {}
        }
        if let Some(deadline) = self.budget.deadline
            && Instant::now() >= deadline
        {
            stop(Stop::Time);
        }
    }
}
