//! A small, hardened XML tree reader over quick-xml for the invoice readers.
//!
//! Hostile input is expected: a document type declaration (DTD, where entities and external
//! references are declared: billion laughs, XXE) is refused outright, an entity reference other
//! than the five predefined ones and character references is refused (quick-xml never expands
//! them), and the size, depth and element count are bounded.

use quick_xml::events::Event;

use crate::error::{EinvoiceError, Result};

/// Bounds on what the readers accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input in bytes (default 32 MiB).
    pub max_bytes: usize,
    /// Deepest element nesting (default 64; CII nests about 10 deep).
    pub max_depth: usize,
    /// Most elements (default 2 000 000).
    pub max_elements: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_bytes: 32 * 1024 * 1024, max_depth: 64, max_elements: 2_000_000 }
    }
}

/// An element: its local name (namespace prefix dropped), attributes by local name, text, children.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Element {
    /// Local name.
    pub name: String,
    /// Attributes (local name, unescaped value), in document order.
    pub attrs: Vec<(String, String)>,
    /// The text directly inside, unescaped (whitespace kept; [`Element::value`] trims).
    pub text: String,
    /// Child elements in document order.
    pub children: Vec<Element>,
}

impl Element {
    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The element at the path of child names, first match at each step.
    pub fn at(&self, path: &[&str]) -> Option<&Element> {
        path.iter().try_fold(self, |e, n| e.child(n))
    }

    /// The trimmed text at a path, `None` when absent or empty.
    pub fn text_at(&self, path: &[&str]) -> Option<String> {
        self.at(path).and_then(Element::value)
    }

    /// This element's trimmed text, `None` when empty.
    pub fn value(&self) -> Option<String> {
        let t = self.text.trim();
        (!t.is_empty()).then(|| t.to_owned())
    }

    /// An attribute by local name.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

fn local(name: &[u8]) -> String {
    let local = name.rsplit(|b| *b == b':').next().unwrap_or(name);
    String::from_utf8_lossy(local).into_owned()
}

fn xml_error(position: u64, message: impl Into<String>) -> EinvoiceError {
    EinvoiceError::Xml { position, message: message.into() }
}

fn start(e: &quick_xml::events::BytesStart<'_>, position: u64) -> Result<Element> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| xml_error(position, err.to_string()))?;
        let key = a.key.as_ref();
        if key.starts_with(b"xmlns") {
            continue;
        }
        let value = a.unescape_value().map_err(|err| xml_error(position, err.to_string()))?;
        attrs.push((local(key), value.into_owned()));
    }
    Ok(Element { name: local(e.name().as_ref()), attrs, text: String::new(), children: Vec::new() })
}

/// Parses `bytes` into the root element, refusing DTDs, unknown entities and oversized input.
pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Element> {
    if bytes.len() > limits.max_bytes {
        return Err(EinvoiceError::TooLarge(format!("{} bytes, at most {}", bytes.len(), limits.max_bytes)));
    }
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let mut count = 0usize;
    loop {
        let position = reader.buffer_position();
        // a slice reader borrows from the input: no copy of the event's bytes
        let event = reader.read_event().map_err(|e| xml_error(position, format!("not well formed: {e}")))?;
        match event {
            Event::DocType(_) => {
                return Err(EinvoiceError::Hostile("a document type declaration (DTD) is not accepted in an invoice".into()));
            }
            Event::Start(e) | Event::Empty(e) if root.is_some() => {
                let _ = e;
                return Err(xml_error(position, "content after the root element"));
            }
            Event::Start(e) => {
                count = count.saturating_add(1);
                if stack.len() >= limits.max_depth {
                    return Err(EinvoiceError::TooLarge(format!("elements nested deeper than {}", limits.max_depth)));
                }
                stack.push(start(&e, position)?);
            }
            Event::Empty(e) => {
                count = count.saturating_add(1);
                let el = start(&e, position)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                let Some(el) = stack.pop() else { return Err(xml_error(position, "unexpected end tag")) };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(el),
                    None => root = Some(el),
                }
            }
            // indentation between elements: nothing to keep (values are trimmed anyway)
            Event::Text(t) if t.iter().all(u8::is_ascii_whitespace) => {}
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    let s = t.decode().map_err(|e| xml_error(position, e.to_string()))?;
                    top.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    let s = t.decode().map_err(|e| xml_error(position, e.to_string()))?;
                    top.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|e| xml_error(position, e.to_string()))? {
                    Some(c) => c,
                    None => match r.as_ref() {
                        b"amp" => '&',
                        b"lt" => '<',
                        b"gt" => '>',
                        b"quot" => '"',
                        b"apos" => '\'',
                        other => {
                            return Err(EinvoiceError::Hostile(format!(
                                "entity reference &{}; refused: only the predefined entities are accepted",
                                String::from_utf8_lossy(other)
                            )));
                        }
                    },
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push(c);
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
        if count > limits.max_elements {
            return Err(EinvoiceError::TooLarge(format!("more than {} elements", limits.max_elements)));
        }
    }
    if !stack.is_empty() {
        return Err(xml_error(reader.buffer_position(), "not well formed: the XML ends inside an element"));
    }
    root.ok_or_else(|| xml_error(0, "no root element"))
}
