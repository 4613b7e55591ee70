//! A small hosted-invoice page, standing in for Stripe's hosted invoice link.

/// The HTML page for `invoice_id`, with the id escaped (it comes from the URL).
pub fn hosted_page(invoice_id: &str, pdf_link: &str) -> String {
    let id = escape_html(invoice_id);
    let pdf = escape_html(pdf_link);
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Invoice {id}</title></head>\n<body><h1>Invoice {id}</h1>\n\
         <p>Demo hosted invoice page served by billing-stub.</p>\n\
         <p><a href=\"{pdf}\">Download PDF</a></p></body></html>\n"
    )
}

pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}
