//! A small, valid, one-page PDF per invoice, written by hand (no dependency) with a correct
//! cross-reference table, so PDF viewers open it and archive code can check `%PDF-`.
//! The bytes depend only on the invoice id, so re-downloads are identical.

/// The PDF document for `invoice_id`.
pub fn invoice_pdf(invoice_id: &str) -> Vec<u8> {
    let text = pdf_string(invoice_id);
    let content = format!(
        "BT /F1 20 Tf 72 760 Td (Invoice) Tj ET\n\
         BT /F1 12 Tf 72 730 Td ({text}) Tj ET\n\
         BT /F1 10 Tf 72 700 Td (Demo document served by billing-stub; not a real invoice.) Tj ET\n"
    );
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}endstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];

    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{body}\nendobj\n", index + 1));
    }
    let xref_at = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        // Each entry is exactly 20 bytes, as the format requires.
        out.push_str(&format!("{offset:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

/// The id as a PDF literal string: printable ASCII only (the standard fonts have no other
/// glyphs), with the three characters that are special inside `( )` escaped.
fn pdf_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars().take(200) {
        match ch {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(ch);
            }
            ' '..='~' => out.push(ch),
            _ => out.push('?'),
        }
    }
    out
}
