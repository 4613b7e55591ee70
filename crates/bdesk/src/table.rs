//! Plain tables: aligned columns for people on a terminal, tab-separated values for pipes.
//!
//! Every cell is cleaned first: control characters (line breaks, tabs, terminal escape
//! sequences) and invisible direction-changing characters from API data are replaced, so a
//! hostile invoice number can neither break the columns nor drive the terminal.

use std::io::{self, Write};

/// A table of text cells.
#[derive(Debug, Default)]
pub struct Table {
    headers: Vec<String>,
    right: Vec<bool>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column headers; `right` marks right-aligned (numeric) columns.
    pub fn new(columns: &[(&str, bool)]) -> Table {
        Table {
            headers: columns.iter().map(|(h, _)| (*h).to_owned()).collect(),
            right: columns.iter().map(|(_, r)| *r).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (cells beyond the headers are ignored, missing ones are empty).
    pub fn push(&mut self, row: Vec<String>) {
        let mut row: Vec<String> = row.iter().map(|c| clean(c)).collect();
        row.resize(self.headers.len(), String::new());
        self.rows.push(row);
    }

    /// Whether no row was added.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Writes the table: aligned for a terminal, tab-separated with a header line otherwise.
    ///
    /// # Errors
    /// The writer's.
    pub fn write(&self, out: &mut (impl Write + ?Sized), aligned: bool) -> io::Result<()> {
        if aligned {
            self.write_aligned(out)
        } else {
            self.write_tsv(out)
        }
    }

    fn write_tsv(&self, out: &mut (impl Write + ?Sized)) -> io::Result<()> {
        writeln!(out, "{}", self.headers.join("\t"))?;
        for row in &self.rows {
            writeln!(out, "{}", row.join("\t"))?;
        }
        Ok(())
    }

    fn write_aligned(&self, out: &mut (impl Write + ?Sized)) -> io::Result<()> {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        let line = |cells: &[String]| -> String {
            let mut text = String::new();
            for (index, (cell, w)) in cells.iter().zip(&widths).enumerate() {
                if index > 0 {
                    text.push_str("  ");
                }
                let pad = " ".repeat(w.saturating_sub(width(cell)));
                if self.right.get(index).copied().unwrap_or(false) {
                    text.push_str(&pad);
                    text.push_str(cell);
                } else {
                    text.push_str(cell);
                    text.push_str(&pad);
                }
            }
            text.trim_end().to_owned()
        };
        writeln!(out, "{}", line(&self.headers))?;
        for row in &self.rows {
            writeln!(out, "{}", line(row))?;
        }
        Ok(())
    }
}

/// Display width, counted in characters (close enough for IDs, numbers and names).
fn width(text: &str) -> usize {
    text.chars().count()
}

/// Replaces characters that would break a line or a column, or change the terminal's state.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || billing_core::text::is_format_char(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(table: &Table, aligned: bool) -> String {
        let mut out = Vec::new();
        table.write(&mut out, aligned).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn aligned_columns_pad_and_right_align_numbers() {
        let mut table = Table::new(&[("NUMBER", false), ("TOTAL", true)]);
        table.push(vec!["INV-1".into(), "USD 5.00".into()]);
        table.push(vec!["INV-100000".into(), "USD 1234.00".into()]);
        assert_eq!(
            render(&table, true),
            "NUMBER            TOTAL\nINV-1          USD 5.00\nINV-100000  USD 1234.00\n"
        );
    }

    #[test]
    fn tsv_has_a_header_and_one_line_per_row() {
        let mut table = Table::new(&[("a", false), ("b", false)]);
        table.push(vec!["x\ty".into(), "line\nbreak".into()]);
        assert_eq!(
            render(&table, false),
            "a\tb\nx y\tline break\n",
            "tabs and line breaks inside cells cannot add columns or rows"
        );
    }

    #[test]
    fn terminal_escapes_and_direction_overrides_are_defused() {
        assert_eq!(clean("\u{1b}[2J\u{202e}fdp.exe"), " [2J fdp.exe");
    }
}
