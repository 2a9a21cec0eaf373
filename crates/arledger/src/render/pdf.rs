//! Business documents as PDF, made here with krilla (docs/adr/0009-pdf-documents.md): the
//! same [`BusinessDocument`] the templates show, laid out on A4 or Letter pages with the
//! shipped WenQuanYi Micro Hei font (Latin, CJK; subset and embedded, so `東京商事` and `Zoë`
//! print and `pdftotext` reads them back). No program runs outside arledger.

use arledger_report::documents::{BusinessDocument, ImageFormat, Logo};
use arledger_report::table::{Shown, Table};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Size as ImageSize, Transform};
use krilla::image::Image;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use super::value::{money_shown, shown};
use crate::books_config::PageSize;
use crate::Failure;

/// The shipped font (Apache-2.0; fonts/wqy-microhei.COPYRIGHT).
static FONT: &[u8] = include_bytes!("../../fonts/wqy-microhei.ttc");

const MARGIN: f32 = 50.0;
const BODY: f32 = 9.0;
const LEADING: f32 = 1.35;
const GRAY: u8 = 100;

/// One thing drawn on a page, at top-left based coordinates.
enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        gray: bool,
        text: String,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        dashed: bool,
    },
    Picture {
        x: f32,
        y: f32,
        width: f32,
        height: f32,
        image: Image,
    },
}

/// The logo as a picture krilla can place; an error says why the file cannot be one.
pub fn image(logo: &Logo) -> Result<Image, String> {
    let data = logo.data.clone().into();
    match logo.format {
        ImageFormat::Png => Image::from_png(data, true),
        ImageFormat::Jpeg => Image::from_jpeg(data, true),
    }
}

/// The tallest and widest a logo is drawn, in points; it keeps its proportions.
const LOGO_HEIGHT: f32 = 40.0;
const LOGO_WIDTH: f32 = 160.0;

/// Measures text in the shipped font.
struct Metrics<'a> {
    font: FontRef<'a>,
    upem: f32,
}

impl Metrics<'_> {
    fn new() -> Result<Metrics<'static>, Failure> {
        let font = FontRef::from_index(FONT, 0)
            .map_err(|e| Failure::Usage(format!("the shipped font cannot be read: {e}")))?;
        let upem = font
            .metrics(Size::unscaled(), LocationRef::default())
            .units_per_em as f32;
        Ok(Metrics { font, upem })
    }

    /// The width of `text` at `size` points.
    fn width(&self, text: &str, size: f32) -> f32 {
        let map = self.font.charmap();
        let glyphs = self
            .font
            .glyph_metrics(Size::unscaled(), LocationRef::default());
        let units: f32 = text
            .chars()
            .map(|c| {
                map.map(c)
                    .and_then(|g| glyphs.advance_width(g))
                    .unwrap_or(self.upem / 2.0)
            })
            .sum();
        units * size / self.upem
    }

    /// `text` broken into lines no wider than `max` (at word boundaries, or between characters
    /// for words wider than a line, as CJK text is).
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split(' ') {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if self.width(&candidate, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if self.width(&line, size) > max && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                }
            }
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }
}

/// Pages being filled from the top down.
struct Layout<'m> {
    m: &'m Metrics<'m>,
    width: f32,
    height: f32,
    pages: Vec<Vec<Op>>,
    y: f32,
}

impl Layout<'_> {
    fn right(&self) -> f32 {
        self.width - MARGIN
    }

    /// Makes room for `height` points, starting a new page if this one is full.
    fn need(&mut self, height: f32) {
        if self.y + height > self.height - MARGIN - 20.0 {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    fn op(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// Text whose top is at `y`.
    fn text_at(&mut self, x: f32, y: f32, size: f32, gray: bool, text: &str) {
        if !text.is_empty() {
            self.op(Op::Text {
                x,
                y: y + size,
                size,
                gray,
                text: text.to_string(),
            });
        }
    }

    /// Text right-aligned at `x`.
    fn text_right(&mut self, x: f32, y: f32, size: f32, gray: bool, text: &str) {
        let w = self.m.width(text, size);
        self.text_at(x - w, y, size, gray, text);
    }

    /// A paragraph across the page, wrapped.
    fn para(&mut self, size: f32, gray: bool, text: &str) {
        let max = self.right() - MARGIN;
        for line in self.m.wrap(text, size, max) {
            self.need(size * LEADING);
            let y = self.y;
            self.text_at(MARGIN, y, size, gray, &line);
            self.y += size * LEADING;
        }
    }

    fn rule(&mut self, x1: f32, x2: f32, width: f32, dashed: bool) {
        let y = self.y;
        self.op(Op::Line {
            from: (x1, y),
            to: (x2, y),
            width,
            dashed,
        });
    }

    /// A block of lines at `x` from the current top; returns its height.
    fn block(&mut self, x: f32, lines: &[(f32, bool, String)]) -> f32 {
        let mut y = self.y;
        for (size, gray, text) in lines {
            self.text_at(x, y, *size, *gray, text);
            y += size * LEADING;
        }
        y - self.y
    }
}

fn letterhead(l: &mut Layout, d: &BusinessDocument) -> Result<(), Failure> {
    let i = &d.issuer;
    if let Some(logo) = &i.logo {
        let image = image(logo).map_err(|e| Failure::Usage(format!("the logo: {e}")))?;
        let (w, h) = image.size();
        let scale = (LOGO_HEIGHT / h.max(1) as f32).min(LOGO_WIDTH / w.max(1) as f32);
        let (width, height) = (w as f32 * scale, h as f32 * scale);
        let y = l.y;
        l.op(Op::Picture {
            x: MARGIN,
            y,
            width,
            height,
            image,
        });
        l.y += height + 8.0;
    }
    let mut left: Vec<(f32, bool, String)> = Vec::new();
    if let Some(n) = &i.name {
        left.push((15.0, false, n.clone()));
    }
    for a in &i.address {
        left.push((BODY, true, a.clone()));
    }
    if let Some(t) = &i.tax_id {
        left.push((BODY, true, format!("Tax id: {t}")));
    }
    for c in [&i.email, &i.phone].into_iter().flatten() {
        left.push((BODY, true, c.clone()));
    }
    let h = l.block(MARGIN, &left);
    let right = l.right();
    let y = l.y;
    l.text_right(right, y, 18.0, false, &d.kind.title().to_uppercase());
    if let Some(n) = &d.number {
        l.text_right(right, y + 24.0, 12.0, false, n);
    }
    l.y += h.max(44.0) + 6.0;
    l.rule(MARGIN, right, 1.2, false);
    l.y += 14.0;
    Ok(())
}

fn parties(l: &mut Layout, d: &BusinessDocument) {
    let r = &d.recipient;
    if r.name.is_empty() {
        // A document to no one in particular (the vendor form): its facts on the left.
        let mut y = l.y;
        for (label, value) in &d.facts {
            l.text_at(MARGIN, y, BODY, true, label);
            l.text_at(MARGIN + 80.0, y, BODY, false, &super::value::fact(value));
            y += BODY * LEADING;
        }
        l.y = y + 14.0;
        return;
    }
    let mut left = vec![
        (7.5, true, d.kind.recipient_label().to_uppercase()),
        (11.0, false, r.name.clone()),
    ];
    if let Some(c) = &r.contact {
        left.push((BODY, false, format!("Attn: {c}")));
    }
    for a in &r.address {
        left.push((BODY, false, a.clone()));
    }
    if let Some(e) = &r.email {
        left.push((BODY, true, e.clone()));
    }
    let h = l.block(MARGIN, &left);
    let x = l.width * 0.56;
    let mut y = l.y;
    for (label, value) in &d.facts {
        l.text_at(x, y, BODY, true, label);
        l.text_at(x + 80.0, y, BODY, false, &super::value::fact(value));
        y += BODY * LEADING;
    }
    l.y += h.max(y - l.y) + 14.0;
}

/// A table: natural column widths, text columns shrunk and wrapped when the page is too
/// narrow, numbers right-aligned; the header (if the table has one) repeats on a new page.
fn table(l: &mut Layout, t: &Table) {
    let cols: Vec<usize> = (0..t.columns.len())
        .filter(|&i| t.columns[i].shown != Shown::NotInText)
        .collect();
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .chain(&t.totals)
        .map(|r| {
            cols.iter()
                .map(|&i| shown(&r.cells[i], &t.columns[i]).join(", "))
                .collect()
        })
        .collect();
    let pad = 10.0;
    let mut widths: Vec<f32> = cols
        .iter()
        .enumerate()
        .map(|(n, &i)| {
            let header = l.m.width(&t.columns[i].label.to_uppercase(), 7.5);
            rows.iter()
                .map(|r| l.m.width(&r[n], BODY))
                .fold(header, f32::max)
                + pad
        })
        .collect();
    let avail = l.right() - MARGIN;
    let numeric: Vec<bool> = cols
        .iter()
        .map(|&i| t.columns[i].kind.right_aligned())
        .collect();
    let fixed: f32 = widths
        .iter()
        .zip(&numeric)
        .filter(|(_, n)| **n)
        .map(|(w, _)| w)
        .sum();
    let text_total: f32 = widths
        .iter()
        .zip(&numeric)
        .filter(|(_, n)| !**n)
        .map(|(w, _)| w)
        .sum();
    let spare = avail - fixed;
    if text_total > spare && text_total > 0.0 {
        for (w, n) in widths.iter_mut().zip(&numeric) {
            if !n {
                *w = (*w * spare / text_total).max(30.0);
            }
        }
    } else if let Some(wide) = cols
        .iter()
        .position(|&i| t.columns[i].elide)
        .or_else(|| numeric.iter().position(|n| !n))
    {
        // The description (the column that may be cut short, else the first text column)
        // takes the rest of the line.
        widths[wide] += spare - text_total;
    }
    let header = |l: &mut Layout| {
        if !t.header {
            return;
        }
        let mut x = MARGIN;
        let y = l.y;
        for (n, &i) in cols.iter().enumerate() {
            let label = t.columns[i].label.to_uppercase();
            if numeric[n] {
                l.text_right(x + widths[n] - pad / 2.0, y, 7.5, true, &label);
            } else {
                l.text_at(x, y, 7.5, true, &label);
            }
            x += widths[n];
        }
        l.y += 7.5 * LEADING + 2.0;
        l.rule(MARGIN, MARGIN + avail, 0.6, false);
        l.y += 4.0;
    };
    l.need(40.0);
    header(l);
    for row in &rows {
        let cells: Vec<Vec<String>> = row
            .iter()
            .enumerate()
            .map(|(n, s)| {
                if numeric[n] {
                    vec![s.clone()]
                } else {
                    l.m.wrap(s, BODY, widths[n] - pad)
                }
            })
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * BODY * LEADING;
        let before = l.pages.len();
        l.need(height + 4.0);
        if l.pages.len() != before {
            header(l);
        }
        let mut x = MARGIN;
        for (n, lines) in cells.iter().enumerate() {
            let mut y = l.y;
            for line in lines {
                if numeric[n] {
                    l.text_right(x + widths[n] - pad / 2.0, y, BODY, false, line);
                } else {
                    l.text_at(x, y, BODY, false, line);
                }
                y += BODY * LEADING;
            }
            x += widths[n];
        }
        l.y += height + 1.0;
        l.rule(MARGIN, MARGIN + avail, 0.2, false);
        l.y += 3.0;
    }
    l.y += 10.0;
}

fn totals(l: &mut Layout, d: &BusinessDocument) {
    let right = l.right();
    let label_x = right - 240.0;
    for t in &d.totals {
        let size = if t.strong { 11.0 } else { BODY };
        l.need(size * LEADING + 6.0);
        if t.strong {
            l.rule(label_x, right, 1.0, false);
            l.y += 3.0;
        }
        let y = l.y;
        l.text_at(label_x, y, size, false, &t.label);
        l.text_right(right, y, size, false, &money_shown(&t.amount, true));
        l.y += size * LEADING + 2.0;
    }
    l.y += 12.0;
}

fn slip(l: &mut Layout, d: &BusinessDocument) {
    let Some(s) = &d.slip else { return };
    l.need(130.0);
    l.y += 10.0;
    l.rule(MARGIN, l.right(), 0.8, true);
    l.y += 8.0;
    l.para(
        10.0,
        false,
        "REMITTANCE — please return this part with your payment",
    );
    l.y += 4.0;
    let due = if s.amounts_due.is_empty() {
        "nothing".to_string()
    } else {
        s.amounts_due
            .iter()
            .map(|m| money_shown(m, true))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut lines = vec![
        (
            "Customer",
            format!("{} ({})", s.customer_name, s.customer_id),
        ),
        ("Statement date", s.date.to_string()),
        ("Amount due", due),
        ("Amount enclosed", "______________".to_string()),
    ];
    let remit = d.issuer.remit_lines();
    if !remit.is_empty() {
        let mut to: Vec<String> = d.issuer.name.iter().cloned().collect();
        to.extend(remit.iter().cloned());
        lines.push(("Remit to", to.join(", ")));
    }
    for (label, value) in lines {
        l.need(BODY * LEADING);
        let y = l.y;
        l.text_at(MARGIN, y, BODY, true, label);
        l.text_at(MARGIN + 100.0, y, BODY, false, &value);
        l.y += BODY * LEADING;
    }
}

/// The PDF of `d` on `size` paper.
pub fn render(d: &BusinessDocument, size: PageSize) -> Result<Vec<u8>, Failure> {
    let (width, height) = match size {
        PageSize::A4 => (595.28, 841.89),
        PageSize::Letter => (612.0, 792.0),
    };
    let m = Metrics::new()?;
    let mut l = Layout {
        m: &m,
        width,
        height,
        pages: vec![Vec::new()],
        y: MARGIN,
    };
    letterhead(&mut l, d)?;
    parties(&mut l, d);
    if let Some(s) = &d.subject {
        l.para(10.0, false, s);
        l.y += 8.0;
    }
    for p in &d.intro {
        l.para(BODY, false, p);
        l.y += 4.0;
    }
    for t in &d.tables {
        if let Some(title) = &t.title {
            l.need(40.0);
            l.para(10.0, false, title);
            l.y += 2.0;
        }
        table(&mut l, t);
    }
    totals(&mut l, d);
    if !d.payment.is_empty() {
        l.need(30.0);
        l.para(10.0, false, "How to pay");
        for p in &d.payment {
            l.para(BODY, false, p);
        }
        l.y += 8.0;
    }
    for n in &d.notes {
        l.para(BODY, false, n);
        l.y += 4.0;
    }
    slip(&mut l, d);
    emit(d, l.pages, width, height)
}

/// Draws the laid-out pages, with `page N of M` at the foot of each.
fn emit(
    d: &BusinessDocument,
    pages: Vec<Vec<Op>>,
    width: f32,
    height: f32,
) -> Result<Vec<u8>, Failure> {
    let font = Font::new(FONT.into(), 0)
        .ok_or_else(|| Failure::Usage("the shipped font cannot be read".into()))?;
    let m = Metrics::new()?;
    let mut doc = Document::new();
    let title = match &d.number {
        Some(n) => format!("{} {n} – {}", d.kind.title(), d.recipient.name),
        None => format!("{} – {}", d.kind.title(), d.recipient.name),
    };
    doc.set_metadata(Metadata::new().title(title).creator("arledger".into()));
    let count = pages.len();
    for (n, ops) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(width, height)
            .ok_or_else(|| Failure::Usage("invalid page size".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut s = page.surface();
        let footer = format!("page {} of {count}", n + 1);
        let fw = m.width(&footer, 7.5);
        let foot = Op::Text {
            x: (width - fw) / 2.0,
            y: height - MARGIN / 2.0,
            size: 7.5,
            gray: true,
            text: footer,
        };
        for op in ops.iter().chain([&foot]) {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    gray,
                    text,
                } => {
                    let shade = if *gray { GRAY } else { 0 };
                    s.set_fill(Some(Fill {
                        paint: rgb::Color::new(shade, shade, shade).into(),
                        ..Fill::default()
                    }));
                    s.set_stroke(None);
                    s.draw_text(
                        Point::from_xy(*x, *y),
                        font.clone(),
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Line {
                    from,
                    to,
                    width,
                    dashed,
                } => {
                    let mut b = PathBuilder::new();
                    b.move_to(from.0, from.1);
                    b.line_to(to.0, to.1);
                    if let Some(path) = b.finish() {
                        s.set_fill(None);
                        s.set_stroke(Some(Stroke {
                            paint: rgb::Color::new(60, 60, 60).into(),
                            width: *width,
                            dash: dashed.then(|| StrokeDash {
                                array: vec![4.0, 3.0],
                                offset: 0.0,
                            }),
                            ..Stroke::default()
                        }));
                        s.draw_path(&path);
                    }
                }
                Op::Picture {
                    x,
                    y,
                    width,
                    height,
                    image,
                } => {
                    if let Some(size) = ImageSize::from_wh(*width, *height) {
                        s.push_transform(&Transform::from_translate(*x, *y));
                        s.draw_image(image.clone(), size);
                        s.pop();
                    }
                }
            }
        }
        s.finish();
        page.finish();
    }
    doc.finish()
        .map_err(|e| Failure::Usage(format!("cannot make the PDF: {e:?}")))
}
