//! The data dictionary as one self-contained HTML page: the Markdown dictionary rendered by
//! pulldown-cmark, headings given the anchors its links point to, each Mermaid block drawn in
//! the page by the vendored Mermaid bundle (`templates/vendor/mermaid`), no network needed.
//!
//! Markdown can carry raw HTML; the dictionary never writes any, and every text from the model
//! is escaped before it gets here, but raw HTML is still written out as text: nothing from a
//! model file can become markup in the page.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

const MERMAID_JS: &str = include_str!("../../templates/vendor/mermaid/mermaid.min.js");

/// The page for `markdown` (what [`super::dictionary`] writes), titled `title`.
pub fn page(title: &str, markdown: &str) -> String {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    // The name ends in .html, so minijinja escapes every value not marked safe.
    env.add_template(
        "dictionary.html",
        include_str!("../../templates/dictionary.html.j2"),
    )
    .expect("templates/dictionary.html.j2 parses");
    env.get_template("dictionary.html")
        .expect("registered")
        .render(minijinja::context! {
            title => title,
            body => minijinja::Value::from_safe_string(body(markdown)),
            mermaid_js => minijinja::Value::from_safe_string(script_text(MERMAID_JS)),
        })
        .expect("the HTML dictionary template renders")
}

/// `js` as the content of a `<script>` element: an HTML parser ends the element at the first
/// `</script` and treats `<!--` and `<script` inside it specially, so their `<` is written as
/// `\x3C`, which means the same inside a JavaScript string, template or regular expression
/// (where alone a minified bundle has them).
fn script_text(js: &str) -> String {
    js.replace("<!--", "\\x3C!--")
        .replace("</script", "\\x3C/script")
        .replace("<script", "\\x3Cscript")
}

fn body(markdown: &str) -> String {
    let events: Vec<Event> = Parser::new_ext(markdown, Options::ENABLE_TABLES).collect();
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let end = (i..events.len())
                    .find(|&j| matches!(events[j], Event::End(TagEnd::Heading(_))))
                    .expect("a heading ends");
                let text: String = events[i + 1..end]
                    .iter()
                    .filter_map(|e| match e {
                        Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(super::anchor(&text))),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
                out.extend(events[i + 1..end].iter().cloned().map(no_raw_html));
                out.push(events[end].clone());
                i = end + 1;
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                if lang.as_ref() == "mermaid" =>
            {
                let end = (i..events.len())
                    .find(|&j| matches!(events[j], Event::End(TagEnd::CodeBlock)))
                    .expect("a code block ends");
                // Mermaid reads the element's text, so the source goes in escaped as text.
                out.push(Event::Html(r#"<pre class="mermaid">"#.into()));
                out.extend(events[i + 1..end].iter().cloned().map(no_raw_html));
                out.push(Event::Html("</pre>\n".into()));
                i = end + 1;
            }
            e => {
                out.push(no_raw_html(e.clone()));
                i += 1;
            }
        }
    }
    let mut html = String::with_capacity(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    html
}

fn no_raw_html(event: Event) -> Event {
    match event {
        Event::Html(t) | Event::InlineHtml(t) => Event::Text(t),
        e => e,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_in_markdown_stays_text() {
        let html = body("a <b>bold</b> claim\n\n<script>alert(1)</script>\n");
        assert!(
            !html.contains("<b>") && !html.contains("<script>"),
            "{html}"
        );
        assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;"), "{html}");
    }

    #[test]
    fn headings_get_the_anchors_links_point_to() {
        let html = body("### UM_USER\n\n## Module identity\n");
        assert!(html.contains(r#"<h3 id="um_user">UM_USER</h3>"#), "{html}");
        assert!(html.contains(r#"<h2 id="module-identity">"#), "{html}");
    }

    #[test]
    fn mermaid_blocks_become_diagram_elements_with_their_source_as_text() {
        let html = body("```mermaid\nerDiagram\n    A ||--o{ B : \"x<y\"\n```\n");
        assert!(
            html.contains("<pre class=\"mermaid\">erDiagram\n    A ||--o{ B : \"x&lt;y\"\n</pre>"),
            "{html}"
        );
    }

    #[test]
    fn the_bundle_cannot_end_its_script_element() {
        let text = script_text(MERMAID_JS);
        for marker in ["</script", "<!--", "<script"] {
            assert!(!text.to_ascii_lowercase().contains(marker), "{marker}");
        }
        assert_eq!(script_text("a</script>b"), "a\\x3C/script>b");
    }
}
