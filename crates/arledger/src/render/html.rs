//! HTML output: escaping and a self-contained, printable page.

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A complete page: `title` (escaped here) and `body` (already HTML), with print styles.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n\
body{{font-family:system-ui,sans-serif;margin:2em;color:#111}}\n\
table{{border-collapse:collapse;margin:1em 0}}\n\
th,td{{padding:.25em .75em;border-bottom:1px solid #ccc;text-align:left}}\n\
td.n,th.n{{text-align:right;font-variant-numeric:tabular-nums}}\n\
@media print{{body{{margin:0}}}}\n\
</style>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert!(page("<b>", "").contains("<title>&lt;b&gt;</title>"));
    }
}
