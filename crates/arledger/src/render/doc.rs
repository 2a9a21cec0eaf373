//! The writers of a [`Document`] (statements, report packs, site pages, reconciliations): text,
//! Markdown, a self-contained HTML page, and JSON. Tables inside go through the table writers,
//! so a table reads the same in a document as on its own.

use std::fmt::Write as _;

use arledger_report::table::{Block, Document};

use super::terminal::{visible, visible_text};
use super::{html, json, table, value};

/// Plain text: the title underlined with `=`, headings with `-`, facts aligned on their labels,
/// tables aligned (fitted to `max_width` when given); control characters shown escaped.
pub fn text(d: &Document, max_width: Option<usize>) -> String {
    let title = visible(&d.title);
    let mut out = format!("{title}\n{}\n", "=".repeat(table::width(&title)));
    let mut in_links = false;
    for b in &d.blocks {
        let link = matches!(b, Block::Link { .. });
        if link && !in_links {
            out.push('\n');
        }
        in_links = link;
        match b {
            Block::Heading(h) => {
                let h = visible(h);
                let _ = write!(out, "\n{h}\n{}\n", "-".repeat(table::width(&h)));
            }
            Block::Para(p) => {
                let p = visible_text(p);
                let p = match max_width {
                    Some(w) => wrap(&p, w),
                    None => p.into_owned(),
                };
                let _ = write!(out, "\n{p}\n");
            }
            Block::Facts(facts) => {
                let labels: Vec<String> =
                    facts.iter().map(|(k, _)| visible(k).into_owned()).collect();
                let w = labels.iter().map(|l| table::width(l)).max().unwrap_or(0);
                out.push('\n');
                for (label, (_, v)) in labels.iter().zip(facts) {
                    let pad = w - table::width(label);
                    let _ = writeln!(
                        out,
                        "{label}:{} {}",
                        " ".repeat(pad),
                        visible(&value::fact(v))
                    );
                }
            }
            Block::Table(t) => {
                out.push('\n');
                out.push_str(&table::text(t, max_width));
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

/// `text` with its lines broken between words to fit `width` columns (a word longer than the
/// width stays whole; a line's indentation is kept on its continuation lines).
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        let body = line.trim_start_matches(' ');
        let indent = &line[..line.len() - body.len()];
        let mut current = indent.to_string();
        let mut empty = true;
        for word in body.split(' ').filter(|w| !w.is_empty()) {
            if !empty && table::width(&current) + 1 + table::width(word) > width {
                out.push(std::mem::replace(&mut current, indent.to_string()));
                empty = true;
            }
            if !empty {
                current.push(' ');
            }
            current.push_str(word);
            empty = false;
        }
        out.push(current);
    }
    out.join("\n")
}

/// Markdown: `#` title, `##` headings, facts as a list, pipe tables (control characters shown
/// escaped, pipes in cells escaped).
pub fn markdown(d: &Document) -> String {
    let inline = |s: &str| visible(&s.replace('\n', " ")).replace('|', "\\|");
    let mut out = format!("# {}\n", visible(&d.title));
    let mut in_links = false;
    for b in &d.blocks {
        let link = matches!(b, Block::Link { .. });
        if link && !in_links {
            out.push('\n');
        }
        in_links = link;
        match b {
            Block::Heading(h) => {
                let _ = write!(out, "\n## {}\n", visible(h));
            }
            Block::Para(p) => {
                let _ = write!(out, "\n{}\n", visible_text(p));
            }
            Block::Facts(facts) => {
                out.push('\n');
                for (k, v) in facts {
                    let _ = writeln!(out, "- **{}:** {}", inline(k), inline(&value::fact(v)));
                }
            }
            Block::Table(t) => {
                if let Some(title) = &t.title {
                    let _ = write!(out, "\n### {}\n", visible(title));
                }
                out.push('\n');
                out.push_str(&table::markdown(t));
            }
            Block::Chart { alt, .. } => {
                let _ = write!(out, "\n_{}_\n", visible(alt));
            }
            Block::Link { href, label } => {
                let _ = writeln!(out, "- [{}]({href})", inline(label));
            }
        }
    }
    out
}

/// The HTML body (no page around it): every text escaped.
pub fn html_body(d: &Document) -> String {
    let mut out = format!("<h1>{}</h1>\n", html::escape(&d.title));
    let mut in_list = false;
    for b in &d.blocks {
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
            Block::Facts(facts) => {
                out.push_str("<dl>\n");
                for (k, v) in facts {
                    let _ = writeln!(
                        out,
                        "<dt>{}</dt><dd>{}</dd>",
                        html::escape(k),
                        html::escape(&value::fact(v))
                    );
                }
                out.push_str("</dl>\n");
            }
            Block::Table(t) => {
                if let Some(title) = &t.title {
                    let _ = writeln!(out, "<h3>{}</h3>", html::escape(title));
                }
                out.push_str(&table::html(t));
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
pub fn html(d: &Document) -> String {
    html::page(&d.title, &html_body(d))
}

/// JSON (see docs/json.md, "Documents"): `{"title", "sections": [{"heading", "paragraphs",
/// "facts", "tables"}]}`, a section per heading; facts and tables typed.
pub fn to_json(d: &Document) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let new =
        |heading: Value| json!({"heading": heading, "paragraphs": [], "facts": {}, "tables": []});
    let mut sections: Vec<Value> = Vec::new();
    let mut current = new(Value::Null);
    for b in &d.blocks {
        match b {
            Block::Heading(h) => {
                sections.push(std::mem::replace(&mut current, new(json!(h))));
            }
            Block::Para(p) => {
                if let Some(a) = current["paragraphs"].as_array_mut() {
                    a.push(json!(p));
                }
            }
            Block::Facts(facts) => {
                if let Some(m) = current["facts"].as_object_mut() {
                    let more: Map<String, Value> = facts
                        .iter()
                        .map(|(k, v)| (k.clone(), value::json(v)))
                        .collect();
                    m.extend(more);
                }
            }
            Block::Table(t) => {
                if let Some(a) = current["tables"].as_array_mut() {
                    a.push(json::table(t));
                }
            }
            Block::Chart { .. } | Block::Link { .. } => {}
        }
    }
    sections.push(current);
    sections.retain(|s| {
        !(s["heading"].is_null()
            && s["paragraphs"].as_array().is_some_and(Vec::is_empty)
            && s["facts"].as_object().is_some_and(Map::is_empty)
            && s["tables"].as_array().is_some_and(Vec::is_empty))
    });
    json!({"title": d.title, "sections": sections})
}

#[cfg(test)]
mod tests {
    use super::*;
    use arledger_report::table::{Column, Table, Value};

    fn sample() -> Document {
        let mut d = Document::new("Report <1>");
        let mut t =
            Table::new(vec![Column::text("customer"), Column::int("days")]).with_id("items");
        t.push(vec!["<script>x</script>".into(), Value::Int(12)]);
        d.heading("Items | open").table(t);
        d.facts(vec![("Terms".into(), "net30".into())]);
        d
    }

    #[test]
    fn paragraphs_wrap_to_the_width_keeping_indentation() {
        assert_eq!(
            wrap("one two three four\n  five six seven", 10),
            "one two\nthree four\n  five six\n  seven"
        );
    }

    #[test]
    fn every_format_carries_the_content_and_html_escapes_it() {
        let d = sample();
        assert!(text(&d, None).contains("<script>x</script>    12"));
        assert!(text(&d, None).contains("Terms: net30"));
        assert!(markdown(&d).contains(
            "## Items | open\n\n| customer | days |\n| --- | ---: |\n| <script>x</script> | 12 |"
        ));
        let h = html(&d);
        assert!(h.contains("&lt;script&gt;x&lt;/script&gt;") && !h.contains("<script>"));
        assert!(h.contains("<table data-table=\"items\">"));
        let j = to_json(&d);
        assert_eq!(
            j["sections"][0]["tables"][0]["rows"][0]["days"],
            serde_json::json!(12)
        );
        assert_eq!(
            j["sections"][0]["facts"]["Terms"],
            serde_json::json!("net30")
        );
    }
}
