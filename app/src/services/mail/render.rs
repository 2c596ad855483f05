//! A message's parts from its blocks: the plain-text part and the HTML
//! part say the same, and every value reaches the HTML escaped for it.

use crate::services::map_markup::escape;
use summit::Language;

/// One block of a message: a paragraph, a quotation, a list, or a link.
pub(super) enum Block {
    Para(String),
    Quote(String),
    List(Vec<String>),
    Link { label: String, href: String },
}

/// A header's text: control characters (a line break in a name) become spaces.
pub(super) fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

pub(super) fn text_part(blocks: &[Block], footer: &[Block]) -> String {
    let write = |blocks: &[Block]| {
        blocks
            .iter()
            .map(|block| match block {
                Block::Para(text) => text.clone(),
                Block::Quote(text) => text
                    .lines()
                    .map(|l| format!("> {l}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Block::List(items) => items
                    .iter()
                    .map(|i| format!("- {i}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                Block::Link { label, href } => format!("{label}:\n{href}"),
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    format!("{}\n\n-- \n{}\n", write(blocks), write(footer))
}

pub(super) fn html_part(
    language: Language,
    subject: &str,
    blocks: &[Block],
    footer: &[Block],
) -> String {
    let write = |blocks: &[Block], small: bool| {
        let style = if small {
            r#" style="font-size:0.875em;color:#555""#
        } else {
            ""
        };
        blocks
            .iter()
            .map(|block| match block {
                Block::Para(text) => format!("<p{style}>{}</p>", escape(text)),
                Block::Quote(text) => format!(
                    r#"<blockquote style="margin:0 0 1em;padding:0.5em 1em;border-inline-start:4px solid #0072bc;background:#f2f7fb;white-space:pre-wrap">{}</blockquote>"#,
                    escape(text)
                ),
                Block::List(items) => format!(
                    "<ul>{}</ul>",
                    items.iter().map(|i| format!("<li>{}</li>", escape(i))).collect::<String>()
                ),
                Block::Link { label, href } => {
                    format!(r#"<p{style}><a href="{}">{}</a></p>"#, escape(href), escape(label))
                }
            })
            .collect::<String>()
    };
    format!(
        r#"<!DOCTYPE html><html lang="{lang}" dir="{dir}"><head><meta charset="utf-8"><title>{title}</title></head><body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:40em">{main}<hr>{footer}</body></html>"#,
        lang = language.code(),
        dir = language.dir(),
        title = escape(&one_line(subject)),
        main = write(blocks, false),
        footer = write(footer, true),
    )
}
