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

/// Faults a PDF link can ask for with `?fault=...`, so archive code can be tested against
/// bodies that are not PDFs, too large, or missing. `bad-pdfs` hands out such links.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PdfFault {
    /// `fault=not-pdf`: 200 with an HTML page (labelled `application/pdf`, as misconfigured
    /// servers do), so only a check of the `%PDF-` signature catches it.
    NotPdf,
    /// `fault=404`: the link has expired.
    Missing,
    /// `fault=500`
    ServerError,
    /// `fault=big&mib=N` (default 64): a body of N MiB that starts like a PDF, with its
    /// `Content-Length` declared.
    Big { mib: u64, declared: bool },
}

impl PdfFault {
    pub(crate) fn parse(fault: Option<&str>, mib: Option<u64>) -> Option<Self> {
        let mib = mib.unwrap_or(64).min(16 * 1024);
        match fault? {
            "not-pdf" => Some(Self::NotPdf),
            "404" => Some(Self::Missing),
            "500" => Some(Self::ServerError),
            "big" => Some(Self::Big {
                mib,
                declared: true,
            }),
            // Same, chunked: the size is only known by counting while reading.
            "big-chunked" => Some(Self::Big {
                mib,
                declared: false,
            }),
            _ => None,
        }
    }
}

/// A body of `mib` MiB that starts with a PDF header and continues as PDF comment lines,
/// generated while it streams so the stub's memory stays flat.
pub(crate) fn big_pdf_chunks(
    mib: u64,
) -> impl futures_util::Stream<Item = Result<bytes::Bytes, std::io::Error>> + Send + 'static {
    const CHUNK: usize = 64 * 1024;
    let total = mib.saturating_mul(1024 * 1024);
    let filler = {
        let mut line = vec![b' '; CHUNK];
        for (index, byte) in line.iter_mut().enumerate() {
            if index % 64 == 0 {
                *byte = b'%';
            } else if index % 64 == 63 {
                *byte = b'\n';
            }
        }
        bytes::Bytes::from(line)
    };
    futures_util::stream::unfold(0u64, move |sent| {
        let filler = filler.clone();
        async move {
            if sent >= total {
                return None;
            }
            let len = usize::try_from((total - sent).min(CHUNK as u64)).unwrap_or(CHUNK);
            let mut chunk = filler.slice(..len);
            if sent == 0 {
                let mut first = b"%PDF-1.4\n".to_vec();
                first.extend_from_slice(&chunk[first.len().min(len)..]);
                first.truncate(len);
                chunk = bytes::Bytes::from(first);
            }
            Some((Ok(chunk), sent + len as u64))
        }
    })
}
