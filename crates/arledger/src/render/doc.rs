//! A report document (headings, paragraphs, tables, charts) rendered as text, Markdown, a
//! self-contained HTML page or JSON — one description, four renderers, used by the report
//! packs and the static site.

use std::fmt::Write as _;

use super::html;
use super::table::{self, Align};
use super::terminal::{visible, visible_text};

/// A table: header, rows of cells, which columns are numbers.
#[derive(Clone, Debug, Default)]
pub struct Table {
    /// Column names (also the JSON keys).
    pub header: Vec<String>,
    /// Cells, as shown.
    pub rows: Vec<Vec<String>>,
    /// Indices of right-aligned numeric columns (numbers in JSON).
    pub numeric: Vec<usize>,
    /// An id for the HTML table (`data-table` attribute), so tests and scripts can find it.
    pub id: Option<String>,
}

impl Table {
    /// A table from records whose first one is the header (as the CSV builders make them).
    pub fn from_records(mut records: Vec<Vec<String>>, numeric: &[usize], id: &str) -> Table {
        let header = if records.is_empty() {
            Vec::new()
        } else {
            records.remove(0)
        };
        Table {
            header,
            rows: records,
            numeric: numeric.to_vec(),
            id: Some(id.to_string()),
        }
    }
}

/// One block of a document.
#[derive(Clone, Debug)]
pub enum Block {
    /// A section heading.
    Heading(String),
    /// A paragraph of plain text.
    Para(String),
    /// A table (an empty one is shown as "None.").
    Table(Table),
    /// An inline SVG chart (already-escaped markup), with a text alternative for the other
    /// formats.
    Chart {
        /// The `<svg>` element.
        svg: String,
        /// What the chart shows, for text and Markdown.
        alt: String,
    },
    /// A link to another page of a site (HTML only; text and Markdown show the label).
    Link {
        /// Relative address.
        href: String,
        /// Link text.
        label: String,
    },
}

/// A document: a title and its blocks.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    /// The title.
    pub title: String,
    /// The content.
    pub blocks: Vec<Block>,
}

impl Doc {
    /// A document with a title.
    pub fn new(title: impl Into<String>) -> Doc {
        Doc {
            title: title.into(),
            blocks: Vec::new(),
        }
    }

    /// Adds a heading.
    pub fn heading(&mut self, text: impl Into<String>) -> &mut Doc {
        self.blocks.push(Block::Heading(text.into()));
        self
    }

    /// Adds a paragraph.
    pub fn para(&mut self, text: impl Into<String>) -> &mut Doc {
        self.blocks.push(Block::Para(text.into()));
        self
    }

    /// Adds a table.
    pub fn table(&mut self, t: Table) -> &mut Doc {
        self.blocks.push(Block::Table(t));
        self
    }

    /// Plain text: the title underlined, sections, aligned tables (control characters shown
    /// escaped).
    pub fn text(&self) -> String {
        let title = visible(&self.title);
        let mut out = format!("{title}\n{}\n", "=".repeat(title.chars().count()));
        for b in &self.blocks {
            match b {
                Block::Heading(h) => {
                    let h = visible(h);
                    let _ = write!(out, "\n{h}\n{}\n", "-".repeat(h.chars().count()));
                }
                Block::Para(p) => {
                    let _ = write!(out, "\n{}\n", visible_text(p));
                }
                Block::Table(t) if t.rows.is_empty() => out.push_str("\nNone.\n"),
                Block::Table(t) => {
                    let header: Vec<&str> = t.header.iter().map(String::as_str).collect();
                    let align: Vec<Align> = (0..t.header.len())
                        .map(|i| {
                            if t.numeric.contains(&i) {
                                Align::Right
                            } else {
                                Align::Left
                            }
                        })
                        .collect();
                    out.push('\n');
                    out.push_str(&table::render(Some(&header), &t.rows, &align));
                }
                Block::Chart { alt, .. } => {
                    let _ = write!(out, "\n[chart: {}]\n", visible(alt));
                }
                Block::Link { label, .. } => {
                    let _ = writeln!(out, "{}", visible(label));
                }
            }
        }
        out
    }

    /// Markdown: `#` headings and pipe tables (pipes in cells escaped, control characters
    /// shown escaped).
    pub fn markdown(&self) -> String {
        let cell = |s: &str| visible(&s.replace('\n', " ")).replace('|', "\\|");
        let mut out = format!("# {}\n", visible(&self.title));
        for b in &self.blocks {
            match b {
                Block::Heading(h) => {
                    let _ = write!(out, "\n## {}\n", visible(h));
                }
                Block::Para(p) => {
                    let _ = write!(out, "\n{}\n", visible_text(p));
                }
                Block::Table(t) if t.rows.is_empty() => out.push_str("\nNone.\n"),
                Block::Table(t) => {
                    out.push('\n');
                    let _ = writeln!(
                        out,
                        "| {} |",
                        t.header
                            .iter()
                            .map(|h| cell(h))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    );
                    let rule: Vec<&str> = (0..t.header.len())
                        .map(|i| {
                            if t.numeric.contains(&i) {
                                "---:"
                            } else {
                                "---"
                            }
                        })
                        .collect();
                    let _ = writeln!(out, "| {} |", rule.join(" | "));
                    for r in &t.rows {
                        let _ = writeln!(
                            out,
                            "| {} |",
                            r.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
                        );
                    }
                }
                Block::Chart { alt, .. } => {
                    let _ = write!(out, "\n_{}_\n", visible(alt));
                }
                Block::Link { href, label } => {
                    let _ = writeln!(out, "- [{}]({href})", cell(label));
                }
            }
        }
        out
    }

    /// The HTML body (no page around it): every text escaped.
    pub fn html_body(&self) -> String {
        let mut out = format!("<h1>{}</h1>\n", html::escape(&self.title));
        let mut in_list = false;
        for b in &self.blocks {
            let is_link = matches!(b, Block::Link { .. });
            if in_list && !is_link {
                out.push_str("</ul>\n");
                in_list = false;
            }
            match b {
                Block::Heading(h) => {
                    let _ = writeln!(out, "<h2>{}</h2>", html::escape(h));
                }
                Block::Para(p) => {
                    let _ = writeln!(out, "<p>{}</p>", html::escape(p));
                }
                Block::Table(t) if t.rows.is_empty() => out.push_str("<p>None.</p>\n"),
                Block::Table(t) => {
                    let header: Vec<&str> = t.header.iter().map(String::as_str).collect();
                    let mut table = html::table(&header, &t.rows, &t.numeric);
                    if let Some(id) = &t.id {
                        table = table.replacen(
                            "<table>",
                            &format!("<table data-table=\"{}\">", html::escape(id)),
                            1,
                        );
                    }
                    out.push_str(&table);
                }
                Block::Chart { svg, alt } => {
                    let _ = writeln!(
                        out,
                        "<figure>{svg}<figcaption>{}</figcaption></figure>",
                        html::escape(alt)
                    );
                }
                Block::Link { href, label } => {
                    if !in_list {
                        out.push_str("<ul>\n");
                        in_list = true;
                    }
                    let _ = writeln!(
                        out,
                        "<li><a href=\"{}\">{}</a></li>",
                        html::escape(href),
                        html::escape(label)
                    );
                }
            }
        }
        if in_list {
            out.push_str("</ul>\n");
        }
        out
    }

    /// A complete, self-contained HTML page.
    pub fn html(&self) -> String {
        html::page(&self.title, &self.html_body())
    }

    /// JSON: `{"title", "sections": [{"heading", "paragraphs", "tables": [[{col: value}]]}]}`;
    /// numeric columns as numbers where they parse.
    pub fn json(&self) -> serde_json::Value {
        use serde_json::{json, Map, Value};
        let mut sections: Vec<Value> = Vec::new();
        let mut current = json!({"heading": null, "paragraphs": [], "tables": []});
        for b in &self.blocks {
            match b {
                Block::Heading(h) => {
                    sections.push(current);
                    current = json!({"heading": h, "paragraphs": [], "tables": []});
                }
                Block::Para(p) => {
                    if let Some(a) = current["paragraphs"].as_array_mut() {
                        a.push(json!(p));
                    }
                }
                Block::Table(t) => {
                    let rows: Vec<Value> = t
                        .rows
                        .iter()
                        .map(|r| {
                            let m: Map<String, Value> = t
                                .header
                                .iter()
                                .zip(r)
                                .enumerate()
                                .map(|(i, (k, v))| {
                                    let value = match (
                                        t.numeric.contains(&i),
                                        v.parse::<serde_json::Number>(),
                                    ) {
                                        (true, Ok(n)) => Value::Number(n),
                                        _ => Value::String(v.clone()),
                                    };
                                    (k.clone(), value)
                                })
                                .collect();
                            Value::Object(m)
                        })
                        .collect();
                    if let Some(a) = current["tables"].as_array_mut() {
                        a.push(Value::Array(rows));
                    }
                }
                Block::Chart { .. } | Block::Link { .. } => {}
            }
        }
        sections.push(current);
        sections.retain(|s| {
            !(s["heading"].is_null()
                && s["paragraphs"].as_array().is_some_and(Vec::is_empty)
                && s["tables"].as_array().is_some_and(Vec::is_empty))
        });
        json!({"title": self.title, "sections": sections})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Doc {
        let mut d = Doc::new("Report <1>");
        d.heading("Items | open").table(Table {
            header: vec!["customer".into(), "open".into()],
            rows: vec![vec!["<script>x</script>".into(), "12.50".into()]],
            numeric: vec![1],
            id: Some("items".into()),
        });
        d
    }

    #[test]
    fn every_format_carries_the_content_and_html_escapes_it() {
        let d = sample();
        assert!(d.text().contains("<script>x</script>  12.50"));
        assert!(d.markdown().contains("## Items | open\n\n| customer | open |\n| --- | ---: |\n| <script>x</script> | 12.50 |"));
        let h = d.html();
        assert!(h.contains("&lt;script&gt;x&lt;/script&gt;") && !h.contains("<script>"));
        assert!(h.contains("<table data-table=\"items\">"));
        assert_eq!(
            d.json()["sections"][0]["tables"][0][0]["open"],
            serde_json::json!(12.50)
        );
    }
}
